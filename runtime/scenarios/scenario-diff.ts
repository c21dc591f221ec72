/**
 * Scenario results as people read them: one line per scenario, and for a failure its step — number,
 * JSON pointer and JSON — then what was expected against what is, as a line diff of the two JSON
 * documents (no colours, so it reads the same in a terminal, a CI log and a test failure).
 */
import { diffLinesUnified, type DiffOptions } from 'jest-diff';
import type { ScenarioFailure, ScenarioReport, ScenarioResult } from './scenario-runner.js';

const plain = (text: string) => text;
const DIFF_OPTIONS: DiffOptions = {
  aAnnotation: 'Expected',
  bAnnotation: 'Actual',
  aColor: plain,
  bColor: plain,
  changeColor: plain,
  commonColor: plain,
  patchColor: plain,
  expand: true,
};
/** A step's JSON longer than this is cut on the step line (the diff below has the rest). */
const MAX_STEP_JSON = 300;

/** Expected against actual, each as indented JSON, line by line. */
export function diffExpectation(expected: unknown, actual: unknown): string {
  return diffLinesUnified(jsonLines(expected), jsonLines(actual), DIFF_OPTIONS);
}

export function formatScenarioReport(report: ScenarioReport): string {
  const lines = [`${report.bundle}@${report.version}`];
  for (const scenario of report.scenarios) lines.push(...formatScenario(scenario));
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}

function formatScenario(scenario: ScenarioResult): string[] {
  const head = `${scenario.passed ? '  ✓' : '  ✗'} ${scenario.name} (${scenario.file}, ${scenario.durationMs} ms)`;
  return scenario.failure ? [head, ...indent(formatFailure(scenario.failure, scenario.steps), '      ')] : [head];
}

export function formatFailure(failure: ScenarioFailure, steps: number): string[] {
  if (failure.index === null) return [failure.message];
  const json = JSON.stringify(failure.step);
  const lines = [`step ${failure.index + 1} of ${steps} (/steps/${failure.index}): ${json.length > MAX_STEP_JSON ? `${json.slice(0, MAX_STEP_JSON)}…` : json}`, failure.message];
  if (failure.expected !== undefined) lines.push('', ...diffExpectation(failure.expected, failure.actual).split('\n'));
  return lines;
}

function jsonLines(value: unknown): string[] {
  return (JSON.stringify(value, null, 2) ?? 'undefined').split('\n');
}

function indent(lines: string[], by: string): string[] {
  return lines.map((line) => (line === '' ? line : `${by}${line}`));
}
