/**
 * Administrators' webhook endpoints: where the `webhook` notification rules of the installed
 * bundles are delivered, signed with a secret shown once. A URL that resolves to a private,
 * loopback or link-local address is refused unless FLOWDESK_WEBHOOK_ALLOW_PRIVATE is set.
 */
import { Type } from '@sinclair/typebox';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, type Clock, type Database, type OutboundPolicy } from '../../engine/index.js';
import { route, type ApiRoute } from './api-route.js';

const Endpoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  ruleIds: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
const RuleId = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });

export function webhookRoutes({ db, clock, outbound }: { db: Database; clock: Clock; outbound: OutboundPolicy }): ApiRoute[] {
  const admin = { tag: 'webhooks', access: 'admin' as const };
  return [
    route({
      ...admin,
      method: 'get',
      path: '/webhooks',
      summary: 'The webhook endpoints (without their secrets)',
      response: Type.Object({ endpoints: Type.Array(Endpoint) }),
      handler: async () => ({ endpoints: await listWebhookEndpoints(db.knex) }),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/webhooks',
      summary: 'Register an endpoint for notification rules of the webhook channel; its signing secret is in this answer only',
      status: 201,
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
          url: Type.String({ minLength: 1, maxLength: 2048 }),
          ruleIds: Type.Array(RuleId, { minItems: 1, maxItems: 100, uniqueItems: true }),
        },
        { additionalProperties: false },
      ),
      response: Type.Object({ endpoint: Endpoint, secret: Type.String() }),
      errors: ['OUTBOUND_URL_INVALID', 'OUTBOUND_ADDRESS_REFUSED'],
      handler: async ({ caller, body }) => createWebhookEndpoint(db, clock, outbound, { ...body, actor: caller!.userId }),
    }),
    route({
      ...admin,
      method: 'delete',
      path: '/webhooks/:id',
      summary: 'Remove an endpoint; what was queued for it is dropped',
      status: 204,
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false }),
      handler: async ({ caller, params }) => deleteWebhookEndpoint(db, clock, params.id, caller!.userId),
    }),
  ];
}
