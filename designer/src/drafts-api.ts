/** The designer's calls to the drafts API (runtime/server/drafts.routes.ts), typed. */
import { api, apiUrl, upload } from '../../runtime/web/index.js';
import type { DraftProblem } from './draft/draft-model.js';

export interface DraftSummary {
  id: string;
  bundle: string;
  baseVersion: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface DraftView extends DraftSummary {
  files: Array<{ path: string; size: number; sha256: string }>;
}

export interface InstalledVersion {
  name: string;
  version: string;
  title: Record<string, string>;
  description: Record<string, string>;
  installedAt: string;
  installedBy: string;
}

export interface CheckResult {
  valid: boolean;
  version: string;
  problems: DraftProblem[];
}

export type FileChange = { path: string; content: string | null };

const at = (id: string) => `/drafts/${encodeURIComponent(id)}`;

export const draftsApi = {
  list: () => api<{ drafts: DraftSummary[] }>('/drafts').then((a) => a.drafts),
  installed: () => api<{ bundles: InstalledVersion[] }>('/bundles').then((a) => a.bundles),
  create: (bundle: string, from: string | null) => api<DraftView>('/drafts', { method: 'POST', body: { bundle, from } }),
  importArchive: (archive: File) => {
    const form = new FormData();
    form.append('file', archive, archive.name);
    return upload<DraftView>('/drafts/import', form);
  },
  get: (id: string) => api<DraftView>(at(id)),
  readFile: (id: string, path: string) => api<{ content: string }>(`${at(id)}/file`, { query: { path } }).then((a) => a.content),
  save: (id: string, version: number, changes: FileChange[]) => api<DraftView>(`${at(id)}/files`, { method: 'PUT', body: { version, changes } }),
  check: (id: string) => api<CheckResult>(`${at(id)}/check`, { method: 'POST' }),
  diff: (id: string, against?: string) => api<{ diff: Record<string, unknown> | null }>(`${at(id)}/diff`, { query: { against } }).then((a) => a.diff),
  baseFile: (id: string, path: string, against?: string) => api<{ content: string | null }>(`${at(id)}/base-file`, { query: { path, against } }).then((a) => a.content),
  publish: (id: string, version?: string) => api<{ name: string; version: string }>(`${at(id)}/publish`, { method: 'POST', body: version ? { version } : {} }),
  remove: (id: string) => api<void>(at(id), { method: 'DELETE' }),
  archiveUrl: (id: string) => apiUrl(`${at(id)}/archive`),
};
