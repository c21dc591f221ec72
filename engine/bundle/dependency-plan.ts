import semver from 'semver';
import type { Problem } from '../errors/flowdesk-error.js';
import { MANIFEST_FILE } from './bundle-path.js';
import { escapePointerToken } from './schema-validator.js';

/** What the planner needs to know of a bundle version, installed or about to be. */
export interface VersionFacts {
  name: string;
  version: string;
  contentHash: string;
  requires: Readonly<Record<string, string>>;
  /** The Flowdesk range the bundle declares (only checked for candidates). */
  flowdesk?: string;
  label?: string;
}

export type PlannedAction = 'install' | 'unchanged';

export interface PlanStep<T extends VersionFacts> {
  action: PlannedAction;
  candidate: T;
  /** For each required bundle, the version chosen to satisfy it. */
  resolved: Record<string, string>;
}

export interface Plan<T extends VersionFacts> {
  steps: Array<PlanStep<T>>;
  problems: Problem[];
}

/**
 * Plans an import: refuses a same-version-other-content conflict, finds for every requirement a
 * version (in the batch or installed) in its range, refuses cycles, checks the Flowdesk range,
 * and orders the batch so that what is required is installed first.
 */
export function planImport<T extends VersionFacts>(candidates: readonly T[], installed: readonly VersionFacts[], flowdeskVersion: string): Plan<T> {
  const problems: Problem[] = [];
  const steps: Array<PlanStep<T>> = [];
  const available = [...installed];
  for (const candidate of candidates) {
    const where = locate(candidate);
    const same = [...installed, ...steps.map((s) => s.candidate)].find((v) => v.name === candidate.name && v.version === candidate.version);
    if (same && same.contentHash !== candidate.contentHash) {
      problems.push({ code: 'BUNDLE_VERSION_CONFLICT', ...where, pointer: '/version', message: `${candidate.name}@${candidate.version} is already installed with other content; installed versions never change — raise the version` });
      continue;
    }
    if (candidate.flowdesk && !semver.satisfies(flowdeskVersion, candidate.flowdesk)) {
      problems.push({ code: 'BUNDLE_FLOWDESK_INCOMPATIBLE', ...where, pointer: '/flowdesk', message: `requires Flowdesk ${candidate.flowdesk}; this is Flowdesk ${flowdeskVersion}` });
    }
    steps.push({ action: same ? 'unchanged' : 'install', candidate, resolved: {} });
    if (!same) available.push(candidate);
  }
  const cycle = findCycle([...installed, ...candidates]);
  if (cycle) {
    problems.push({ code: 'BUNDLE_DEPENDENCY_CYCLE', file: MANIFEST_FILE, pointer: '/requires', message: `bundles require each other in a cycle: ${cycle.join(' → ')}` });
    return { steps, problems };
  }
  for (const step of steps) {
    for (const [name, range] of Object.entries(step.candidate.requires)) {
      const match = newestSatisfying(available, name, range);
      if (match) step.resolved[name] = match.version;
      else {
        const have = available.filter((v) => v.name === name).map((v) => v.version);
        problems.push({ code: 'BUNDLE_DEPENDENCY_MISSING', ...locate(step.candidate), pointer: `/requires/${escapePointerToken(name)}`, message: `requires ${name}@${range}, which is ${have.length ? `not met by the installed ${have.join(', ')}` : 'not installed'}` });
      }
    }
  }
  return { steps: orderByRequirements(steps), problems };
}

export function newestSatisfying<T extends VersionFacts>(versions: readonly T[], name: string, range: string): T | undefined {
  return versions
    .filter((v) => v.name === name && semver.satisfies(v.version, range))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
}

/** A cycle in the name-level "requires" graph, as the path that closes it, or undefined. */
export function findCycle(versions: readonly VersionFacts[]): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  for (const v of versions) {
    const out = edges.get(v.name) ?? new Set<string>();
    for (const name of Object.keys(v.requires)) out.add(name);
    edges.set(v.name, out);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const next of [...(edges.get(name) ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of [...edges.keys()].sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Batch order: a bundle after the batch members it requires (the graph has no cycle here). */
function orderByRequirements<T extends VersionFacts>(steps: Array<PlanStep<T>>): Array<PlanStep<T>> {
  const ordered: Array<PlanStep<T>> = [];
  const placed = new Set<PlanStep<T>>();
  const place = (step: PlanStep<T>) => {
    if (placed.has(step)) return;
    placed.add(step);
    for (const name of Object.keys(step.candidate.requires)) {
      for (const other of steps) if (other.candidate.name === name) place(other);
    }
    ordered.push(step);
  };
  steps.forEach(place);
  return ordered;
}

function locate(facts: VersionFacts): { bundle?: string; file: string } {
  return facts.label ? { bundle: facts.label, file: MANIFEST_FILE } : { file: MANIFEST_FILE };
}
