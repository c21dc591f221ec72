/**
 * Finding people for pickers (a form's person or user field, reassigning a task): the persons,
 * or the active accounts of persons, of the caller's organizations and their sub-organizations —
 * the scope is in the statement, so nobody outside it is ever read. Administrators see everyone.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Knex } from 'knex';
import type { Database } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { LIKE_ESCAPE, likeLiteral } from '../identity/identity-command.js';
import { Closed, Nullable, route, type ApiRoute } from './api-route.js';

const MAX_RESULTS = 50;

const PersonHit = Closed({
  /** A person id (`kind=person`) or a user id (`kind=user`). */
  id: Type.String(),
  name: Type.String(),
  login: Nullable(Type.String()),
  email: Nullable(Type.String()),
  organizationId: Type.String(),
  organizationName: Type.String(),
});
type PersonHit = Static<typeof PersonHit>;

const Query = Closed({
  kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('user')], { default: 'person' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  ids: Type.Optional(Type.Union([Type.String({ maxLength: 36 }), Type.Array(Type.String({ maxLength: 36 }), { maxItems: MAX_RESULTS })], { description: 'Look these ids up instead of searching.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RESULTS })),
});

/** A LIKE condition where `%` and `_` in what people type are letters, not wildcards. */
const like = (column: string) => `${column} LIKE ? ESCAPE '${LIKE_ESCAPE}'`;

/** The subtree paths of the caller's organizations; null for an administrator (everyone). */
async function scopePaths(knex: Knex, caller: Caller): Promise<string[] | null> {
  if (caller.isAdmin) return null;
  const roots = (await knex('organizations').whereIn('id', [...caller.organizationIds]).select('path')) as Array<{ path: string }>;
  return roots.map((row) => row.path);
}

export function peopleRoutes({ db }: { db: Database }): ApiRoute[] {
  return [
    route({
      tag: 'identity',
      access: 'user',
      method: 'get',
      path: '/people',
      summary: "Search the persons (or their accounts, kind=user) of the caller's organizations by name, login or e-mail, or look ids up",
      query: Query,
      response: Closed({ items: Type.Array(PersonHit) }),
      async handler({ caller, query }) {
        const knex = db.knex;
        const kind = query.kind ?? 'person';
        const statement = knex({ p: 'persons' })
          .join({ o: 'organizations' }, 'o.id', 'p.organization_id')
          .where('p.status', 'active')
          .orderBy('p.name')
          .limit(query.limit ?? 20);
        if (kind === 'user') {
          statement.join({ u: 'users' }, 'u.person_id', 'p.id').where('u.status', 'active');
          statement.select('u.id as id', 'u.login as login');
        } else {
          statement.select('p.id as id', knex.raw('NULL as login'));
        }
        statement.select('p.name as name', 'p.email as email', 'o.id as organizationId', 'o.name as organizationName');
        const paths = await scopePaths(knex, caller!);
        if (paths) {
          statement.where((w) => {
            // No organization: a match on nothing.
            if (paths.length === 0) w.whereRaw('1 = 0');
            for (const path of paths) w.orWhereRaw(like('o.path'), [`${likeLiteral(path)}%`]);
          });
        }
        const ids = query.ids === undefined ? null : Array.isArray(query.ids) ? query.ids : [query.ids];
        if (ids) statement.whereIn(kind === 'user' ? 'u.id' : 'p.id', ids);
        const text = query.q?.trim();
        if (text) {
          statement.where((w) => {
            const pattern = `%${likeLiteral(text)}%`;
            w.whereRaw(like('p.name'), [pattern]).orWhereRaw(like('p.email'), [pattern]);
            if (kind === 'user') w.orWhereRaw(like('u.login'), [pattern]);
          });
        }
        return { items: (await statement) as PersonHit[] };
      },
    }),
  ];
}
