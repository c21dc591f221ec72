import type { Knex } from 'knex';
import { jobFromRow, type Job, type JobRow, type JobStatus } from './job.js';

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  instanceId?: string;
  /** Default 100. */
  limit?: number;
}

/** Jobs in due order (ties by creation), for operators and tests. */
export async function listJobs(knex: Knex, filter: JobFilter = {}): Promise<Job[]> {
  const query = knex('jobs').orderBy(['due_at', 'id']).limit(filter.limit ?? 100);
  if (filter.status !== undefined) query.where({ status: filter.status });
  if (filter.type !== undefined) query.where({ type: filter.type });
  if (filter.instanceId !== undefined) query.where({ instance_id: filter.instanceId });
  const rows: JobRow[] = await query;
  return rows.map(jobFromRow);
}
