/**
 * The service catalog endpoints. Every logged-in user reads what their organization is offered —
 * the family → service → subcategory → entry tree, search (English, Chinese, pinyin and its
 * initials), and one entry resolved — scoped by the caller's organization and roles, never by
 * anything in the request. Administrators keep the customer contracts and delivery models.
 */
import { Type } from '@sinclair/typebox';
import {
  ContractPatchSchema,
  ContractViewSchema,
  DeliveryViewSchema,
  EntryRef,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_RESULTS,
  NewContractSchema,
  OfferedCatalogSchema,
  OfferedEntrySchema,
  ResolvedEntrySchema,
  ServiceId,
  type Catalog,
} from '../../catalog/index.js';
import { FlowdeskError } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { Closed, route, type ApiRoute } from './api-route.js';

const TAG = 'catalog';
const RowId = Type.String({ minLength: 1, maxLength: 36 });
/** Titles in this language; by default the caller's. */
const Lang = Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]));
const DeliveryParams = Closed({ organizationId: RowId, service: ServiceId });

/** As for identities: an administrator's API token needs `*` to change contracts and delivery, `read` (or `*`) to read them. */
function checkToken(caller: Caller | null, writes: boolean): string {
  const via = caller!.via;
  if (via.kind === 'token' && !via.scopes.includes('*') && (writes || !via.scopes.includes('read'))) {
    throw new FlowdeskError('FORBIDDEN', `this API token's scopes do not allow ${writes ? 'changing' : 'reading'} the catalog's contracts (needs ${writes ? '*' : 'read or *'})`);
  }
  return caller!.userId;
}

export function catalogRoutes({ catalog }: { catalog: Catalog }): ApiRoute[] {
  const user = { tag: TAG, access: 'user' as const };
  const admin = { tag: TAG, access: 'admin' as const };
  const langOf = (caller: Caller | null, lang: string | undefined) => lang ?? caller!.language;

  return [
    route({
      ...user,
      method: 'get',
      path: '/catalog',
      summary: "What the caller's organization may request: service families → services → subcategories → entries",
      query: Closed({ lang: Lang }),
      response: OfferedCatalogSchema,
      handler: async ({ caller, query }) => catalog.listOffered(caller!, { lang: langOf(caller, query.lang) }),
    }),
    route({
      ...user,
      method: 'get',
      path: '/catalog/search',
      summary: 'Search the offered entries in English and Chinese (characters, full pinyin, pinyin initials: mm finds 密码)',
      query: Closed({ q: Type.String({ minLength: 1, maxLength: MAX_QUERY_LENGTH }), lang: Lang, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEARCH_RESULTS })) }),
      response: Closed({ entries: Type.Array(OfferedEntrySchema) }),
      handler: async ({ caller, query }) => ({ entries: await catalog.search(caller!, query.q, { lang: langOf(caller, query.lang), limit: query.limit }) }),
    }),
    route({
      ...user,
      method: 'get',
      path: '/catalog/entries/:entry',
      summary: 'An offered entry and what it starts: record type, process, start form, SLA policy, calendar, delivering team',
      params: Closed({ entry: EntryRef }),
      query: Closed({ lang: Lang }),
      response: ResolvedEntrySchema,
      errors: ['CATALOG_ENTRY_NOT_FOUND'],
      handler: async ({ caller, params, query }) => catalog.resolveEntry(caller!, params.entry, { lang: langOf(caller, query.lang) }),
    }),

    // Customer contracts
    route({
      ...admin,
      method: 'get',
      path: '/catalog/contracts',
      summary: 'Customer contracts, of one organization or all',
      query: Closed({ organizationId: Type.Optional(RowId) }),
      response: Closed({ contracts: Type.Array(ContractViewSchema) }),
      async handler({ caller, query }) {
        checkToken(caller, false);
        return { contracts: await catalog.contracts.list(query) };
      },
    }),
    route({
      ...admin,
      method: 'get',
      path: '/catalog/contracts/:id',
      summary: 'One customer contract',
      params: Closed({ id: RowId }),
      response: ContractViewSchema,
      async handler({ caller, params }) {
        checkToken(caller, false);
        return catalog.contracts.get(params.id);
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/catalog/contracts',
      summary: 'Give an organization (and those below it) services, each optionally under another SLA policy',
      status: 201,
      body: NewContractSchema,
      response: ContractViewSchema,
      errors: ['REFERENCE_NOT_FOUND'],
      handler: async ({ caller, body }) => catalog.contracts.create(checkToken(caller, true), body),
    }),
    route({
      ...admin,
      method: 'patch',
      path: '/catalog/contracts/:id',
      summary: 'Change a contract: name, status, dates; `services` replaces the whole list',
      params: Closed({ id: RowId }),
      body: ContractPatchSchema,
      response: ContractViewSchema,
      errors: ['REFERENCE_NOT_FOUND'],
      handler: async ({ caller, params, body }) => catalog.contracts.update(checkToken(caller, true), params.id, body),
    }),

    // Delivery models
    route({
      ...admin,
      method: 'get',
      path: '/catalog/delivery',
      summary: 'Which team delivers which service to which organization',
      query: Closed({ organizationId: Type.Optional(RowId), service: Type.Optional(ServiceId) }),
      response: Closed({ delivery: Type.Array(DeliveryViewSchema) }),
      async handler({ caller, query }) {
        checkToken(caller, false);
        return { delivery: await catalog.delivery.list(query) };
      },
    }),
    route({
      ...admin,
      method: 'put',
      path: '/catalog/delivery/:organizationId/:service',
      summary: 'Set the team that delivers a service to an organization (and those below it without their own)',
      params: DeliveryParams,
      body: Closed({ teamId: RowId }),
      response: DeliveryViewSchema,
      errors: ['REFERENCE_NOT_FOUND'],
      handler: async ({ caller, params, body }) => catalog.delivery.set(checkToken(caller, true), { ...params, teamId: body.teamId }),
    }),
    route({
      ...admin,
      method: 'delete',
      path: '/catalog/delivery/:organizationId/:service',
      summary: 'Remove a delivery row',
      status: 204,
      params: DeliveryParams,
      handler: async ({ caller, params }) => catalog.delivery.remove(checkToken(caller, true), params.organizationId, params.service),
    }),
  ];
}
