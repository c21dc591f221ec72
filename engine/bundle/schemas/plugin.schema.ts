import { Type, type Static } from '@sinclair/typebox';
import { BundlePath, EmbeddedJsonSchema, I18nKey, Identifier, fileSchema } from './common.schema.js';

export const PluginSchema = fileSchema('plugin', 'Flowdesk plugin script declaration', {
  id: Identifier,
  titleKey: I18nKey,
  script: BundlePath,
  inputs: EmbeddedJsonSchema,
  outputs: EmbeddedJsonSchema,
  timeoutMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 10000, default: 1000 })),
  memoryMb: Type.Optional(Type.Integer({ minimum: 8, maximum: 128, default: 32 })),
});
export type PluginDeclaration = Static<typeof PluginSchema>;
