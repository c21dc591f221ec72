import { Type } from '@sinclair/typebox';
import type { BundleRegistry } from '../../engine/index.js';
import { route, type ApiRoute } from './api-route.js';

const LocalizedText = Type.Record(Type.String(), Type.String(), { description: 'Text by language tag (zh-CN, en, …).' });

const InstalledVersion = Type.Object({
  name: Type.String(),
  version: Type.String({ description: 'Semantic version.' }),
  title: LocalizedText,
  description: LocalizedText,
  requires: Type.Record(Type.String(), Type.String(), { description: 'Required bundles and their semver ranges.' }),
  contentHash: Type.String({ description: 'SHA-256 of the version’s content; installed versions never change.' }),
  signedBy: Type.Union([Type.String(), Type.Null()], { description: 'The key id that signed the archive, if any.' }),
  installedAt: Type.String({ format: 'date-time' }),
  installedBy: Type.String(),
  fileCount: Type.Integer(),
});

/** Read-only views of the registry: installed bundles and their versions, for signed-in users (which modules run, and at which version, is nobody else's business). */
export function bundleRoutes(registry: BundleRegistry): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/bundles',
      summary: 'List the installed bundle versions',
      description: 'Every installed version of every bundle, by name, newest version first.',
      tag: 'bundles',
      access: 'user',
      response: Type.Object({ bundles: Type.Array(InstalledVersion) }),
      handler: async () => ({ bundles: await registry.listVersions() }),
    }),
  ];
}
