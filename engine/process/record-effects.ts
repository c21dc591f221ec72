/**
 * What a process does to the record it works on, declared on its flow nodes: reaching a node with
 * `flowdesk:recordState` moves the record to that state; finishing a node copies the process
 * variables named by `flowdesk:recordFields` into the record's fields, and those named by
 * `flowdesk:recordTeam` / `flowdesk:recordAssignee` into its team and assignee. One command's
 * effects are folded into one record update, written in the command's transaction, so the
 * record's history, SLA clocks and notifications commit with the process step that caused them.
 */
import { listedNames } from '../bundle/bpmn/record-effect-attributes.js';
import type { BpmnElementInfo } from '../bundle/bpmn/bpmn-reader.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { RecordStore } from '../records/record-store.js';
import type { RecordTypeSource } from '../records/record-types.js';
import type { Transaction } from '../storage/transaction.js';
import type { HistoryEvent } from './engine-session.js';

/** The record effects of one flow node, as declared. */
export interface ElementRecordEffects {
  state?: string;
  fields: string[];
  teamVariable?: string;
  assigneeVariable?: string;
}

/** One command's effects on its record, folded. */
export interface RecordEffect {
  state?: string;
  fields?: Record<string, unknown>;
  teamId?: string | null;
  assigneeId?: string | null;
}

/** Writes a folded effect; the runtime gives it the record store. */
export interface RecordEffectWriter {
  apply(trx: Transaction, recordId: string, effect: RecordEffect, actor: string): Promise<void>;
}

/** The declared effects of a process's elements, by element id (elements without any are left out). */
export function declaredRecordEffects(elements: readonly BpmnElementInfo[]): Map<string, ElementRecordEffects> {
  const effects = new Map<string, ElementRecordEffects>();
  for (const { id, attributes } of elements) {
    const declared: ElementRecordEffects = {
      ...(attributes['recordState'] ? { state: attributes['recordState'] } : {}),
      fields: listedNames(attributes['recordFields']),
      ...(attributes['recordTeam'] ? { teamVariable: attributes['recordTeam'].trim() } : {}),
      ...(attributes['recordAssignee'] ? { assigneeVariable: attributes['recordAssignee'].trim() } : {}),
    };
    if (declared.state || declared.fields.length > 0 || declared.teamVariable || declared.assigneeVariable) effects.set(id, declared);
  }
  return effects;
}

/**
 * Folds what the command's history reached and finished into one effect, in history order (a
 * later state wins). Values are the variables as the command left them. Null when nothing applies.
 */
export function foldRecordEffects(declared: ReadonlyMap<string, ElementRecordEffects>, history: readonly HistoryEvent[], variables: Record<string, unknown>): RecordEffect | null {
  if (declared.size === 0) return null;
  const effect: RecordEffect = {};
  const has = (name: string) => Object.hasOwn(variables, name) && variables[name] !== undefined;
  for (const event of history) {
    const element = declared.get(event.elementId);
    if (!element) continue;
    if (event.event === 'enter' && element.state) effect.state = element.state;
    if (event.event !== 'leave') continue;
    for (const name of element.fields.filter(has)) effect.fields = { ...effect.fields, [name]: variables[name] };
    if (element.teamVariable && has(element.teamVariable)) effect.teamId = idOrNull(variables[element.teamVariable], element.teamVariable);
    if (element.assigneeVariable && has(element.assigneeVariable)) effect.assigneeId = idOrNull(variables[element.assigneeVariable], element.assigneeVariable);
  }
  return Object.keys(effect).length > 0 ? effect : null;
}

function idOrNull(value: unknown, variable: string): string | null {
  if (value === null || value === '') return null;
  if (typeof value === 'string') return value;
  throw new FlowdeskError('PROCESS_FAILED', `the variable "${variable}" should hold an id for the record, not ${typeof value}`);
}

/** The writer over the record store: the record as it is now, changed as the process's actor, unscoped (the process owns it). */
export function createRecordEffectWriter({ records, types }: { records: Pick<RecordStore, 'update'>; types: RecordTypeSource }): RecordEffectWriter {
  return {
    async apply(trx, recordId, effect, actor) {
      const row = (await trx('records').where({ id: recordId }).first('type', 'version')) as { type: string; version: number | string } | undefined;
      if (!row) throw new FlowdeskError('PROCESS_FAILED', `the process's record ${recordId} is gone`);
      const type = await types.get(row.type, trx);
      await records.update(recordId, { expectedVersion: Number(row.version), ...effect }, { kind: 'all' }, actor, { trx, type });
    },
  };
}
