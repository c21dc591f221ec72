/**
 * Work that follows process steps and commits with them, like record observers do for records:
 * notifications on task and process events, OLA clocks on team tasks. Observers run inside the
 * step's transaction, after the instance, its tasks and its record changes are written; a
 * failure rolls the step back.
 */
import type { Transaction } from '../storage/transaction.js';
import type { TaskView } from './task-view.js';

export type ProcessEventKind = 'task.created' | 'task.assigned' | 'task.completed' | 'process.completed';

export interface ProcessEvent {
  kind: ProcessEventKind;
  instanceId: string;
  processId: string;
  /** The record the instance works on, or null. */
  recordId: string | null;
  /** The task, as written, for task events. */
  task?: TaskView;
  actor: string;
  at: string;
}

export interface ProcessObserver {
  processChanged(trx: Transaction, events: readonly ProcessEvent[]): Promise<void>;
}

export function createProcessObservers() {
  const observers: ProcessObserver[] = [];
  return {
    observe(observer: ProcessObserver): void {
      observers.push(observer);
    },
    async notify(trx: Transaction, events: readonly ProcessEvent[]): Promise<void> {
      if (events.length === 0) return;
      for (const observer of observers) await observer.processChanged(trx, events);
    },
  };
}

export type ProcessObservers = ReturnType<typeof createProcessObservers>;
