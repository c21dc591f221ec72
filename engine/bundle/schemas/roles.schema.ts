import { Type, type Static } from '@sinclair/typebox';
import { I18nKey, Identifier, closedObject, fileSchema, StringEnum, Reference } from './common.schema.js';

/**
 * What a grant allows on records of a type. `comment` is a public reply, `work-note` an internal
 * note (which only callers with it can read), `attach` adds attachments, `export` lists in bulk,
 * `cancel` cancels the record's process.
 */
export const GRANT_ACTIONS = ['read', 'create', 'update', 'assign', 'comment', 'work-note', 'attach', 'delete', 'export', 'cancel'] as const;

/**
 * Which records a grant reaches: the caller's own (as caller or creator), their organization's,
 * their organization and every one below it, their teams' (assigned to one of them), or all.
 */
export const GRANT_SCOPES = ['own', 'organization', 'organization-tree', 'team', 'all'] as const;

export const RolesSchema = fileSchema('roles', 'Flowdesk roles and grants', {
  roles: Type.Array(
    closedObject({
      id: Identifier,
      titleKey: I18nKey,
      grants: Type.Array(
        closedObject({
          recordType: Reference,
          actions: Type.Array(StringEnum(GRANT_ACTIONS), { minItems: 1, uniqueItems: true }),
          scope: StringEnum(GRANT_SCOPES),
          /** When given, create and update may set only these fields (reading is not limited). */
          fields: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 100 }), { minItems: 1, maxItems: 500, uniqueItems: true })),
        }),
        { maxItems: 100 },
      ),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});
export type RolesFile = Static<typeof RolesSchema>;
