/**
 * What a threshold's actions do: `notify` sends a notification rule about the record (with the
 * clock's figures for the templates), `set` changes the record as the SLA system actor (raising
 * its priority re-goals its clocks through the same observers), `plugin` calls a bundle plugin.
 * All inside the threshold job's transaction: the actions and the threshold's record commit together.
 */
import type { SlaActionDefinition } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { RecordStore } from '../records/record-store.js';
import type { RecordTypeSource } from '../records/record-types.js';
import type { RecordView } from '../records/record-view.js';
import type { Transaction } from '../storage/transaction.js';
import type { SlaActionRunner, SlaThresholdEvent } from './sla-engine.js';

const ACTOR = 'system:sla';

export interface SlaActionDeps {
  notify(trx: Transaction, ruleId: string, record: RecordView, extra: Record<string, unknown>): Promise<void>;
  records: Pick<RecordStore, 'update'>;
  types: RecordTypeSource;
  /** Calls a bundle plugin with the event; absent, `plugin` actions fail their job (visibly). */
  callPlugin?(trx: Transaction, pluginId: string, event: SlaThresholdEvent): Promise<void>;
}

export function createSlaActionRunner({ notify, records, types, callPlugin }: SlaActionDeps): SlaActionRunner {
  return {
    async run(trx: Transaction, event: SlaThresholdEvent, actions: readonly SlaActionDefinition[]) {
      let record = event.record;
      const extra = { percent: event.atPercent, repeat: event.repeat, clock: event.clock.clockId, deadline: event.clock.deadline, policy: event.policy.id };
      for (const action of actions) {
        if ('notify' in action) await notify(trx, action.notify, record, extra);
        else if ('set' in action) {
          const type = await types.get(record.type, trx);
          const change = { expectedVersion: record.version, ...(action.set.state ? { state: action.set.state } : {}), ...(action.set.fields ? { fields: action.set.fields } : {}) };
          record = await records.update(record.id, change, { kind: 'all' }, ACTOR, { trx, type });
        } else {
          if (!callPlugin) throw new FlowdeskError('INTERNAL', `the SLA action calls the plugin "${action.plugin}", but no plugin runner is configured`);
          await callPlugin(trx, action.plugin, { ...event, record });
        }
      }
    },
  };
}
