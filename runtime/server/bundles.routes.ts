import { Router } from 'express';
import type { BundleRegistry } from '../../engine/index.js';

/** Read-only views of the registry: installed bundles and their versions. */
export function bundlesRouter(registry: BundleRegistry): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ bundles: await registry.listVersions() });
  });
  return router;
}
