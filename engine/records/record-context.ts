import type { Database } from '../storage/database.js';
import type { Clock } from '../time/clock.js';
import type { AttachmentStorage } from './attachment-storage.js';
import { DEFAULT_RECORD_LIMITS, type RecordLimits } from './record-limits.js';
import { createRecordObservers, type RecordObservers } from './record-observers.js';
import type { RecordTypeSource } from './record-types.js';

/** What the record store is made from. */
export interface RecordStoreDeps {
  db: Database;
  clock: Clock;
  /** Where type ids resolve (createRecordTypes over the bundle registry). */
  types: RecordTypeSource;
  attachments: AttachmentStorage;
  limits?: Partial<RecordLimits>;
}

/** The deps with the limits filled in: what each part of the store works with. */
export interface RecordContext extends Omit<RecordStoreDeps, 'limits'> {
  limits: RecordLimits;
  observers: RecordObservers;
}

export function recordContext(deps: RecordStoreDeps): RecordContext {
  return { ...deps, limits: { ...DEFAULT_RECORD_LIMITS, ...deps.limits }, observers: createRecordObservers() };
}
