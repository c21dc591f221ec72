/**
 * Requests from the catalog: POST an entry's start-form data, get the new record and its process
 * instance back — written together in one transaction (runtime/requests/start-request.ts).
 */
import { Type } from '@sinclair/typebox';
import { EntryRef } from '../../catalog/index.js';
import type { StartRequest } from '../requests/start-request.js';
import { Closed, route, type ApiRoute } from './api-route.js';
import { API_BASE_PATH } from './app.js';
import { RecordView as RecordViewSchema } from './record-api.schema.js';

export function requestRoutes({ startRequest }: { startRequest: StartRequest }): ApiRoute[] {
  return [
    route({
      tag: 'catalog',
      access: 'user',
      method: 'post',
      path: '/catalog/entries/:entry/requests',
      summary: 'Request a catalog entry: its start form filled in, a new record and its process started',
      description:
        'The entry must be offered to the caller’s organization (CATALOG_ENTRY_NOT_FOUND otherwise, whether or not it exists). The data is validated against the entry’s start form; the record takes the fields its type defines, with the caller’s create grant, for the caller, in the caller’s organization, with the team of the delivery model. Record, process instance, first tasks, SLA clocks and notifications commit together.',
      status: 201,
      params: Closed({ entry: EntryRef }),
      body: Closed({ data: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { description: 'The start form’s data.' }) }),
      response: Closed({ record: RecordViewSchema, instance: Closed({ id: Type.String(), processId: Type.String(), status: Type.String() }) }),
      errors: ['CATALOG_ENTRY_NOT_FOUND', 'FORBIDDEN', 'TASK_FORM_INVALID', 'REFERENCE_OUT_OF_SCOPE', 'REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body, res }) {
        const { record, instance } = await startRequest(caller!, params.entry, body.data);
        res.setHeader('Location', `${API_BASE_PATH}/records/${encodeURIComponent(record.type)}/${record.id}`);
        return { record, instance: { id: instance.id, processId: instance.processId, status: instance.status } };
      },
    }),
  ];
}
