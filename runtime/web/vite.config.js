// The end users' web apps: the portal (/), the agent workspace (/workspace) and the login page,
// built into dist/web and served by the runtime (runtime/server/web-apps.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // The size report the README quotes (gzip) comes from bin/build-web.js, not from here.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    sourcemap: true,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      input: {
        portal: here('index.html'),
        workspace: here('workspace/index.html'),
        login: here('login/index.html'),
      },
    },
  },
});
