/** The designer's calls to the test-run API (runtime/server/draft-test-runs.routes.ts), typed. */
import { api, type Locale } from '../../../runtime/web/index.js';
import { loadValidator, type FormView, type LoadedForm } from '../../../runtime/web/forms.js';

/** A form of a bundle version installed in a run. */
export interface RunFormRef {
  bundle: string;
  version: string;
  id: string;
}

export interface RunTask {
  id: string;
  instanceId: string;
  recordId: string | null;
  elementId: string;
  name: string | null;
  form: RunFormRef | null;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  dueAt: string | null;
  createdAt: string;
}

export interface RunRecord {
  id: string;
  number: string;
  type: string;
  title: string;
  state: string;
  teamId: string | null;
  assigneeId: string | null;
  fields: Record<string, unknown>;
}

export interface RunInstance {
  id: string;
  processId: string;
  recordId: string | null;
  status: string;
  endedAt: string | null;
  error: { code: string; message: string } | null;
  history: Array<{ elementId: string; elementType: string; event: string; at: string }>;
}

export interface RunStep {
  at: string;
  kind: 'start' | 'complete' | 'advance';
  subject: string;
  record: string | null;
  data: Record<string, unknown> | null;
  failures: string[];
}

export interface TestRun {
  id: string;
  draftId: string;
  bundle: string;
  version: string;
  createdAt: string;
  now: string;
  tester: { userId: string; personId: string; teamId: string; name: string; roles: string[] };
  bundles: Array<{ name: string; version: string }>;
  entries: Array<{ ref: string; title: string; startForm: RunFormRef | null }>;
  processes: string[];
  records: RunRecord[];
  instances: RunInstance[];
  tasks: RunTask[];
  notifications: Array<{ to: string; rule: string; channel: string; subject: string; at: string }>;
  steps: RunStep[];
}

export type RunStart = { entry: string; data: Record<string, unknown> } | { process: string; data: Record<string, unknown> };

/** Which run: its draft and its id. */
export type RunKey = Pick<TestRun, 'draftId' | 'id'>;

const runsOf = (draftId: string) => `/drafts/${encodeURIComponent(draftId)}/test-runs`;
const runAt = (run: RunKey) => `${runsOf(run.draftId)}/${encodeURIComponent(run.id)}`;

export const testRunsApi = {
  create: (draftId: string, lang: Locale) => api<TestRun>(runsOf(draftId), { method: 'POST', query: { lang } }),
  get: (run: RunKey, lang: Locale) => api<TestRun>(runAt(run), { query: { lang } }),
  start: (run: RunKey, body: RunStart, lang: Locale) => api<TestRun>(`${runAt(run)}/start`, { method: 'POST', body, query: { lang } }),
  complete: (run: RunKey, taskId: string, data: Record<string, unknown>, lang: Locale) =>
    api<TestRun>(`${runAt(run)}/tasks/${encodeURIComponent(taskId)}/complete`, { method: 'POST', body: { data }, query: { lang } }),
  advance: (run: RunKey, by: string, lang: Locale) => api<TestRun>(`${runAt(run)}/advance`, { method: 'POST', body: { by }, query: { lang } }),
  drop: (run: RunKey) => api<void>(runAt(run), { method: 'DELETE' }),
  /** A form of the run as the portal gets an installed one, with its compiled validator loaded. */
  async form(run: RunKey, ref: RunFormRef, lang: Locale): Promise<LoadedForm> {
    const view = await api<FormView>(`${runAt(run)}/forms/${[ref.bundle, ref.version, ref.id].map(encodeURIComponent).join('/')}`, { query: { lang } });
    return { view, validator: await loadValidator(view.validatorUrl, view.schema) };
  },
};
