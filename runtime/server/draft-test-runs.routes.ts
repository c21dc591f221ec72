/**
 * Test runs of a draft over HTTP, for the designer (administrators only): start a run of the draft
 * as it is saved (refused with the check's problems when it is not valid), start a catalog entry
 * or a process in it, complete its open tasks, move its clock on, read what it holds, and drop it.
 * Each run is a throwaway runtime of its own (runtime/drafts/draft-test-runs.ts): nothing reaches
 * the installation. Form data is checked as on the real endpoints: TASK_FORM_INVALID with a
 * pointer per field, relative to the form's data. The forms of a run are served as the portal gets
 * installed forms, each with its compiled validator, so the designer renders them with the
 * portal's renderer.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LOCALES, type Locale } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { DraftTestRuns, TestRunFormRef } from '../drafts/draft-test-runs.js';
import { FormView } from './forms.routes.js';
import { Closed, Nullable, route, type ApiRoute } from './api-route.js';
import { API_BASE_PATH } from './app.js';

const TAG = 'designer';
const Id = Type.String({ minLength: 1, maxLength: 36 });
const RunParams = Closed({ id: Id, run: Id });
const Identifier = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });
const BundleName = Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 100 });
const FormParams = Closed({ id: Id, run: Id, bundle: BundleName, version: Type.String({ pattern: '^[0-9A-Za-z.+-]{1,64}$' }), form: Identifier });
const LangQuery = Closed({ lang: Type.Optional(Type.Union(LOCALES.map((locale) => Type.Literal(locale)), { description: "The language of titles and forms; the caller's by default." })) });
const Data = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { description: 'Form data (a JSON object); `$user:tester` stands for the test person’s account.' });
const EntryRef = Type.String({ pattern: '^([a-z][a-z0-9]*(-[a-z0-9]+)*:)?[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 201, description: '`bundle:id`, or an id only one bundle offers' });

const FormRef = Closed({ bundle: Type.String(), version: Type.String(), id: Type.String() });
const Instant = Type.String({ format: 'date-time' });
const TestRunView = Closed({
  id: Type.String(),
  draftId: Type.String(),
  bundle: Type.String(),
  version: Type.String({ description: 'The version the draft runs as: the one publishing would make.' }),
  createdAt: Instant,
  now: Type.String({ format: 'date-time', description: "The run's clock: it moves only when told to." }),
  tester: Closed({ userId: Type.String(), personId: Type.String(), teamId: Type.String(), name: Type.String(), roles: Type.Array(Type.String()) }),
  bundles: Type.Array(Closed({ name: Type.String(), version: Type.String() })),
  entries: Type.Array(Closed({ ref: Type.String(), title: Type.String(), startForm: Nullable(FormRef) })),
  processes: Type.Array(Type.String()),
  records: Type.Array(Closed({ id: Type.String(), number: Type.String(), type: Type.String(), title: Type.String(), state: Type.String(), teamId: Nullable(Type.String()), assigneeId: Nullable(Type.String()), fields: Type.Record(Type.String(), Type.Unknown()) })),
  instances: Type.Array(
    Closed({
      id: Type.String(),
      processId: Type.String(),
      recordId: Nullable(Type.String()),
      status: Type.String(),
      endedAt: Nullable(Instant),
      error: Nullable(Closed({ code: Type.String(), message: Type.String() })),
      history: Type.Array(Closed({ elementId: Type.String(), elementType: Type.String(), event: Type.String(), at: Instant })),
    }),
  ),
  tasks: Type.Array(
    Closed({
      id: Type.String(),
      instanceId: Type.String(),
      recordId: Nullable(Type.String()),
      elementId: Type.String(),
      name: Nullable(Type.String()),
      form: Nullable(FormRef),
      assignee: Nullable(Type.String()),
      candidateUsers: Type.Array(Type.String()),
      candidateGroups: Type.Array(Type.String()),
      dueAt: Nullable(Instant),
      createdAt: Instant,
    }),
  ),
  notifications: Type.Array(Closed({ to: Type.String(), rule: Type.String(), channel: Type.String(), subject: Type.String(), at: Instant })),
  steps: Type.Array(
    Closed({
      at: Instant,
      kind: Type.Union([Type.Literal('start'), Type.Literal('complete'), Type.Literal('advance')]),
      subject: Type.String({ description: 'The entry or process started, the task completed (element id), or the duration.' }),
      record: Nullable(Type.String({ description: "The record's number." })),
      data: Nullable(Type.Record(Type.String(), Type.Unknown())),
      failures: Type.Array(Type.String({ description: 'A job that failed as the step settled: `type: CODE message`.' })),
    }),
  ),
});

const localeOf = (lang: Locale | undefined, caller: Caller | null): Locale => lang ?? (caller?.language.startsWith('zh') ? 'zh-CN' : 'en');
const runPath = (id: string, run: string) => `/drafts/${encodeURIComponent(id)}/test-runs/${encodeURIComponent(run)}`;

export function draftTestRunRoutes({ runs }: { runs: DraftTestRuns }): ApiRoute[] {
  const admin = { tag: TAG, access: 'admin' as const };
  return [
    route({
      ...admin,
      method: 'post',
      path: '/drafts/:id/test-runs',
      summary: 'Start a test run of a draft as it is saved: a throwaway runtime with the draft and the bundles it requires installed',
      description:
        'The draft is checked as publishing would check it; an invalid draft is refused with BUNDLE_INVALID and every problem. The run has one organization, one team and one test person holding every role the installed bundles define, with a contract and delivery for every service they offer. At most a few runs live at once (starting another drops the oldest); a run unused for 15 minutes is dropped.',
      params: Closed({ id: Id }),
      query: LangQuery,
      status: 201,
      response: TestRunView,
      errors: ['DRAFT_NOT_FOUND', 'BUNDLE_INVALID', 'BUNDLE_DEPENDENCY_MISSING'],
      handler: async ({ caller, params, query }) => runs.create(params.id, caller!.userId, localeOf(query.lang, caller)),
    }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/test-runs/:run',
      summary: 'What a test run holds: its records, process instances and their history, open tasks, notifications and the steps taken',
      params: RunParams,
      query: LangQuery,
      response: TestRunView,
      errors: ['NOT_FOUND'],
      handler: async ({ caller, params, query }) => runs.view(params.id, params.run, localeOf(query.lang, caller)),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts/:id/test-runs/:run/start',
      summary: 'Request a catalog entry of the draft as the test person (its start form’s data), or start one of its processes (variables)',
      params: RunParams,
      query: LangQuery,
      body: Type.Union([Closed({ entry: EntryRef, data: Data }), Closed({ process: Identifier, data: Data })]),
      response: TestRunView,
      errors: ['NOT_FOUND', 'CATALOG_ENTRY_NOT_FOUND', 'PROCESS_NOT_FOUND', 'TASK_FORM_INVALID', 'FORBIDDEN'],
      handler: async ({ caller, params, query, body }) => runs.start(params.id, params.run, body, localeOf(query.lang, caller)),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts/:id/test-runs/:run/tasks/:task/complete',
      summary: 'Complete an open task of a test run as the test person (claimed first when nobody holds it)',
      params: Closed({ id: Id, run: Id, task: Id }),
      query: LangQuery,
      body: Closed({ data: Data }),
      response: TestRunView,
      errors: ['NOT_FOUND', 'TASK_NOT_FOUND', 'TASK_FORM_INVALID', 'TASK_NOT_ALLOWED', 'TASK_ALREADY_CLAIMED'],
      handler: async ({ caller, params, query, body }) => runs.complete(params.id, params.run, params.task, body.data, localeOf(query.lang, caller)),
    }),
    route({
      ...admin,
      method: 'post',
      path: '/drafts/:id/test-runs/:run/advance',
      summary: "Move a test run's clock on (up to a year); timers, SLA thresholds and other jobs due on the way run at their due times",
      params: RunParams,
      query: LangQuery,
      body: Closed({ by: Type.String({ minLength: 2, maxLength: 40, description: 'An ISO 8601 duration, e.g. PT2H or P1D.' }) }),
      response: TestRunView,
      errors: ['NOT_FOUND'],
      handler: async ({ caller, params, query, body }) => runs.advance(params.id, params.run, body.by, localeOf(query.lang, caller)),
    }),
    route({
      ...admin,
      method: 'delete',
      path: '/drafts/:id/test-runs/:run',
      summary: 'Drop a test run and its database',
      params: RunParams,
      status: 204,
      errors: ['NOT_FOUND'],
      handler: async ({ params }) => runs.drop(params.id, params.run),
    }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/test-runs/:run/forms/:bundle/:version/:form',
      summary: 'A form of a test run, as the portal gets an installed form: localized, with its compiled validator’s address',
      params: FormParams,
      query: LangQuery,
      response: FormView,
      errors: ['NOT_FOUND', 'FORM_NOT_FOUND'],
      async handler({ caller, params, query }) {
        const locale = localeOf(query.lang, caller);
        const { form, sha256 } = await runs.form(params.id, params.run, refOf(params), locale);
        const validatorUrl = `${API_BASE_PATH}${runPath(params.id, params.run)}/forms/${[params.bundle, params.version, params.form].map(encodeURIComponent).join('/')}/validator.js?lang=${locale}&v=${sha256.slice(0, 16)}`;
        return { ...form, bundle: params.bundle, version: params.version, locale, validatorUrl } as Static<typeof FormView>;
      },
    }),
    route({
      ...admin,
      method: 'get',
      path: '/drafts/:id/test-runs/:run/forms/:bundle/:version/:form/validator.js',
      summary: "A test run form's validator (an ES module)",
      params: FormParams,
      query: Closed({ lang: LangQuery.properties.lang, v: Type.Optional(Type.String({ maxLength: 64 })) }),
      errors: ['NOT_FOUND', 'FORM_NOT_FOUND'],
      async handler({ caller, params, query, res }) {
        const { code, sha256 } = await runs.form(params.id, params.run, refOf(params), localeOf(query.lang, caller));
        res.status(200);
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        // The run is short-lived and its id is never reused, but it may be dropped: nothing to keep long.
        res.setHeader('Cache-Control', 'private, max-age=900');
        res.setHeader('ETag', `"${sha256}"`);
        res.end(code);
        return undefined;
      },
    }),
  ];
}

function refOf(params: { bundle: string; version: string; form: string }): TestRunFormRef {
  return { bundle: params.bundle, version: params.version, id: params.form };
}
