/**
 * Work that must commit with a record's write — SLA clocks, notifications — without the record
 * store knowing about it: an observer runs inside the write's transaction, after the record, its
 * history and its audit entry are written, and its failure rolls all of it back.
 */
import type { Transaction } from '../storage/transaction.js';
import type { RecordTypeInfo } from './record-types.js';
import type { RecordView } from './record-view.js';

export interface RecordWrite {
  type: RecordTypeInfo;
  /** Null for a creation. */
  before: RecordView | null;
  after: RecordView;
  /** Top-level field names whose value changed (every field for a creation). */
  changedFields: readonly string[];
  actor: string;
  /** The write's instant (ISO), the record's `updatedAt`. */
  at: string;
}

export interface RecordObserver {
  recordWritten(trx: Transaction, write: RecordWrite): Promise<void>;
}

/** The observers of one store: registered after it is built (an observer may itself write records). */
export interface RecordObservers {
  observe(observer: RecordObserver): () => void;
  notify(trx: Transaction, write: RecordWrite): Promise<void>;
}

export function createRecordObservers(): RecordObservers {
  const observers = new Set<RecordObserver>();
  return {
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    async notify(trx, write) {
      for (const observer of observers) await observer.recordWritten(trx, write);
    },
  };
}
