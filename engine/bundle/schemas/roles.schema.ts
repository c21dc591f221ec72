import { Type, type Static } from '@sinclair/typebox';
import { I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

export const GRANT_ACTIONS = ['read', 'create', 'update', 'assign', 'comment', 'delete'] as const;

export const RolesSchema = fileSchema('roles', 'Flowdesk roles and grants', {
  roles: Type.Array(
    closedObject({
      id: Identifier,
      titleKey: I18nKey,
      grants: Type.Array(
        closedObject({
          recordType: Reference,
          actions: Type.Array(StringEnum(GRANT_ACTIONS), { minItems: 1, uniqueItems: true }),
          scope: StringEnum(['own', 'organization', 'all']),
        }),
        { maxItems: 100 },
      ),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});
export type RolesFile = Static<typeof RolesSchema>;
