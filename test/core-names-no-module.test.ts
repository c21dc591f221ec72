/**
 * The central promise: every ITIL module ships as a bundle, so the core (engine, plugins,
 * catalog, runtime, designer) names none of them outside its tests and test fixtures. Generic
 * words stay allowed — a record "change", a validation "problem", a "release" of a lease — only
 * the modules' names are refused, in English and in Chinese.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './bundle-fixtures.js';

const CORE_ROOMS = ['engine', 'plugins', 'catalog', 'runtime', 'designer'];
const SOURCE = /\.(ts|tsx|js|mjs|json|css|html)$/;
const OUTSIDE_CORE = /(\.test\.tsx?$)|(^|\/)(fixtures|node_modules|dist)(\/|$)/;

const MODULE_NAMES: ReadonlyArray<readonly [string, RegExp]> = [
  ['incident', /\bincidents?\b/i],
  ['problem management', /\bproblem[\s_-]?(management|records?|tickets?|manager)\b/i],
  ['change management', /\bchange[\s_-]?(management|requests?|advisory|board|manager|tickets?)\b/i],
  ['release management', /\brelease[\s_-]?(management|records?|packages?|manager)\b/i],
  ['spare parts', /\bspare[\s_-]?parts?\b/i],
  ['CMDB', /\bcmdb\b|\bconfiguration[\s_-]items?\b/i],
  ['knowledge base', /\bknowledge[\s_-]?(base|articles?)\b/i],
  ['service request', /\bservice[\s_-]?requests?\b/i],
  ['ITIL', /\bitil\b/i],
  ['事件/问题/变更/发布/备件/配置管理/知识库', /事件管理|事件单|问题管理|变更管理|变更单|发布管理|备件|配置管理|知识库|服务请求/],
];

function coreFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(REPO_ROOT, path);
    if (OUTSIDE_CORE.test(rel)) return [];
    if (statSync(path).isDirectory()) return coreFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

function moduleNamesIn(text: string): string[] {
  return MODULE_NAMES.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe('the core', () => {
  it('recognizes each module name it refuses, and leaves the generic words alone', () => {
    expect(moduleNamesIn('const incident = 1; // Spare_Parts, change request, CMDB, ITIL, 变更管理')).toEqual(['incident', 'change management', 'spare parts', 'CMDB', 'ITIL', '事件/问题/变更/发布/备件/配置管理/知识库']);
    expect(moduleNamesIn('a RecordChange, changedFields, a validation Problem, the lease is released, problems.push(x)')).toEqual([]);
  });

  it('names no ITIL module outside tests and fixtures', () => {
    const files = CORE_ROOMS.flatMap((room) => coreFiles(join(REPO_ROOT, room)));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => moduleNamesIn(readFileSync(file, 'utf8')).map((name) => `${relative(REPO_ROOT, file)}: ${name}`));
    expect(offenders).toEqual([]);
  });
});
