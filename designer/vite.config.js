// The admins' designer (/designer), built apart from the end users' apps (runtime/web) into
// dist/web/designer: the portal never loads a byte of the modeler. bin/build-web.js runs it after
// the apps' build, which empties dist/web.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/designer/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../dist/web/designer'),
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4000,
    sourcemap: true,
    // The CSP takes fonts and images from this origin only, not as data: URLs.
    assetsInlineLimit: 0,
    rolldownOptions: {
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      input: { designer: here('index.html') },
    },
  },
});
