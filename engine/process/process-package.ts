/**
 * What the runtime needs of one installed bundle version — its processes parsed and serialized for
 * bpmn-engine, its forms and its plugin scripts — read once and kept: installed versions never
 * change, so a cache entry never goes stale.
 */
import { Engine } from 'bpmn-engine';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import semver from 'semver';
import type { Database } from '../storage/database.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { flowdeskModdleDescriptor } from '../bundle/bpmn/flowdesk-moddle.js';
import { validateBundle } from '../bundle/bundle-validator.js';
import type { SchemaValidator } from '../bundle/schema-validator.js';
import type { FormDefinition, PluginDeclaration } from '../bundle/schemas/index.js';
import type { BundleFiles } from '../bundle/bundle-files.js';
import { createBusinessCalendar, type BusinessCalendar } from '../time/business-calendar.js';
import { declaredRecordEffects, type ElementRecordEffects } from './record-effects.js';

export interface MessageStart {
  processId: string;
  name: string;
  refId: string;
}

export interface PackagedProcess {
  id: string;
  file: string;
  sourceContext: unknown;
  /** The record type the process works on (`flowdesk:recordType`), when it declares one. */
  recordType: string | null;
  /** What its flow nodes do to that record (flowdesk:record* attributes), by element id. */
  recordEffects: ReadonlyMap<string, ElementRecordEffects>;
}

export interface PackagedPlugin {
  declaration: PluginDeclaration;
  source: string;
}

export interface ProcessPackage {
  bundleVersionId: string;
  bundleName: string;
  version: string;
  processes: ReadonlyMap<string, PackagedProcess>;
  messageStarts: readonly MessageStart[];
  forms: ReadonlyMap<string, FormDefinition>;
  plugins: ReadonlyMap<string, PackagedPlugin>;
  /** The bundle's business calendars, for task due times (flowdesk:calendar). */
  calendars: ReadonlyMap<string, BusinessCalendar>;
}

export interface ProcessPackages {
  byVersionId(bundleVersionId: string): Promise<ProcessPackage>;
  /** The newest installed version of a bundle: new work takes it. */
  newest(bundleName: string): Promise<ProcessPackage>;
  /** Every bundle's newest version (for message start events). */
  allNewest(): Promise<ProcessPackage[]>;
}

export function createProcessPackages(db: Database, schemas: SchemaValidator): ProcessPackages {
  const cache = new Map<string, Promise<ProcessPackage>>();

  function byVersionId(bundleVersionId: string): Promise<ProcessPackage> {
    let loading = cache.get(bundleVersionId);
    if (!loading) {
      loading = load(bundleVersionId);
      cache.set(bundleVersionId, loading);
      loading.catch(() => cache.delete(bundleVersionId));
    }
    return loading;
  }

  async function load(bundleVersionId: string): Promise<ProcessPackage> {
    const row = (await db.knex('bundle_versions').where({ id: bundleVersionId }).first()) as { bundle_name: string; version: string } | undefined;
    if (!row) throw new FlowdeskError('BUNDLE_NOT_FOUND', `no installed bundle version ${bundleVersionId}`);
    const fileRows = (await db.knex('bundle_files').where({ version_id: bundleVersionId })) as Array<{ path: string; content: Buffer }>;
    const files: BundleFiles = new Map(fileRows.map((f) => [f.path, Buffer.from(f.content)]));
    const { definitions } = await validateBundle(files, { schemas });
    if (!definitions) throw new FlowdeskError('INTERNAL', `installed bundle ${row.bundle_name}@${row.version} cannot be read`);
    const processes = new Map<string, PackagedProcess>();
    const messageStarts: MessageStart[] = [];
    for (const { file, value: declared } of definitions.processes) {
      const xml = Buffer.from(files.get(file)!).toString('utf8');
      const { contexts, starts } = await serialize(xml);
      const declaredById = new Map(declared.map((p) => [p.id, p]));
      for (const [id, sourceContext] of contexts) {
        const process = declaredById.get(id);
        processes.set(id, { id, file, sourceContext, recordType: process?.recordType ?? null, recordEffects: declaredRecordEffects(process?.elements ?? []) });
      }
      messageStarts.push(...starts);
    }
    const plugins = new Map<string, PackagedPlugin>();
    for (const { value } of definitions.plugins) {
      plugins.set(value.id, { declaration: value, source: Buffer.from(files.get(value.script) ?? []).toString('utf8') });
    }
    return {
      bundleVersionId,
      bundleName: row.bundle_name,
      version: row.version,
      processes,
      messageStarts,
      forms: new Map(definitions.forms.map(({ value }) => [value.id, value])),
      plugins,
      calendars: new Map(definitions.calendars.map(({ value }) => [value.id, createBusinessCalendar(value)])),
    };
  }

  async function newestId(bundleName: string): Promise<string> {
    const rows = (await db.knex('bundle_versions').where({ bundle_name: bundleName }).select('id', 'version')) as Array<{ id: string; version: string }>;
    const newest = rows.sort((a, b) => semver.rcompare(a.version, b.version))[0];
    if (!newest) throw new FlowdeskError('BUNDLE_NOT_FOUND', `no installed bundle ${bundleName}`);
    return newest.id;
  }

  return {
    byVersionId,
    newest: async (bundleName) => byVersionId(await newestId(bundleName)),
    allNewest: async () => {
      const names = (await db.knex('bundles').select('name')) as Array<{ name: string }>;
      return Promise.all(names.map(async ({ name }) => byVersionId(await newestId(name))));
    },
  };
}

/**
 * Parses the diagram once (with the Flowdesk extension) into the contexts bpmn-engine runs from:
 * one per executable process, in which only that process is executable — bpmn-engine would
 * otherwise start every executable process of the file. The others stay callable.
 */
async function serialize(xml: string): Promise<{ contexts: Map<string, unknown>; starts: MessageStart[] }> {
  const moddle = new BpmnModdle({ flowdesk: flowdeskModdleDescriptor });
  const moddleContext = await moddle.fromXML(xml, 'bpmn:Definitions');
  const processes = (moddleContext.rootElement.get('rootElements') as ModdleElement[]).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p['isExecutable'] === true);
  const contexts = new Map<string, unknown>();
  for (const chosen of executable) {
    for (const process of executable) process['isExecutable'] = process === chosen;
    const engine = new Engine({ moddleContext } as never);
    const [definition] = (await engine.getDefinitions()) as unknown as Array<{ environment: { options: { source: unknown } } }>;
    contexts.set(chosen.id!, definition!.environment.options.source);
  }
  for (const process of executable) process['isExecutable'] = true;
  return { contexts, starts: messageStartsOf(executable) };
}

function messageStartsOf(processes: ModdleElement[]): MessageStart[] {
  const starts: MessageStart[] = [];
  for (const process of processes) {
    for (const element of (process.get('flowElements') as ModdleElement[] | undefined) ?? []) {
      if (element.$type !== 'bpmn:StartEvent') continue;
      for (const definition of (element.get('eventDefinitions') as ModdleElement[] | undefined) ?? []) {
        const ref = definition.$type === 'bpmn:MessageEventDefinition' ? (definition.get('messageRef') as ModdleElement | undefined) : undefined;
        if (ref?.id) starts.push({ processId: process.id!, name: (ref['name'] as string | undefined) ?? ref.id, refId: ref.id });
      }
    }
  }
  return starts;
}
