/**
 * Serves the built web apps (bin/build-web.js → dist/web): the login page at /login, the agent
 * workspace under /workspace, the admins' designer under /designer (its API is for admins only),
 * the portal at / and under any other page path. Each page is sent
 * with the request's CSP nonce in <meta name="csp-nonce"> (antd puts it on the styles it injects)
 * and never cached; the hashed assets are cached for good.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { FlowdeskError } from '../../engine/index.js';
import { cspNonceOf } from './hardening.js';

const PAGES = { portal: 'index.html', workspace: 'workspace/index.html', login: 'login/index.html', designer: 'designer/index.html' } as const;
type Page = keyof typeof PAGES;

/** Paths that are never a page: the API, probes and assets answer for themselves. */
const NOT_PAGES = /^\/(api|assets|healthz|readyz|metrics)(\/|$)/;

export function webApps(dir: string): Router {
  const router = express.Router();
  const cache = new Map<Page, Promise<string>>();
  const html = (page: Page) => {
    let read = cache.get(page);
    if (!read) {
      read = readFile(join(dir, PAGES[page]), 'utf8');
      // A missing build is reported on each request until it exists.
      read.catch(() => cache.delete(page));
      cache.set(page, read);
    }
    return read;
  };

  const send = (page: Page): RequestHandler => async (_req, res, next) => {
    try {
      const text = await html(page).catch(() => {
        throw new FlowdeskError('NOT_READY', 'the web apps are not built: run `npm run build`');
      });
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.send(text.replace(/<meta name="csp-nonce" content="[^"]*"\s*\/?>/, `<meta name="csp-nonce" content="${cspNonceOf(res)}" />`));
    } catch (error) {
      next(error);
    }
  };

  router.use('/assets', express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' }));
  router.use('/designer/assets', express.static(join(dir, 'designer/assets'), { index: false, immutable: true, maxAge: '365d' }));
  router.get('/login', send('login'));
  router.get(['/designer', '/designer/*rest'], send('designer'));
  router.get(['/workspace', '/workspace/*rest'], send('workspace'));
  router.get('/{*rest}', (req, res, next) => {
    // A path whose last part has a dot names a file the apps do not have (favicon.ico, …).
    if (NOT_PAGES.test(req.path) || /\.[^/]*$/.test(req.path)) return next();
    return send('portal')(req, res, next);
  });
  return router;
}
