import { readFileSync } from 'node:fs';
import { createPluginRunner, type PluginErrorCode, type PluginLimits, type PluginRunner, type PluginSource } from './index.js';

// Every hostile script must end in its PLUGIN_* code, and the next call on the same runner (one
// worker, so the same worker or its replacement) must work.

const NOW = '2026-03-01T08:30:00.000Z';

function hostile(name: string): PluginSource {
  const url = new URL(`./fixtures/hostile/${name}`, import.meta.url);
  return { key: `hostile:${name}`, kind: 'module', source: readFileSync(url, 'utf8'), filename: `hostile/${name}` };
}

describe('hostile scripts', () => {
  let runner: PluginRunner;
  beforeAll(() => {
    runner = createPluginRunner({ workers: 1 });
  });
  afterAll(() => runner.close());

  async function expectEnding(script: PluginSource, code: PluginErrorCode, options: { input?: unknown; limits?: PluginLimits; message?: string } = {}) {
    const call = runner.call({ script, input: options.input ?? null, now: NOW, limits: options.limits });
    await expect(call).rejects.toMatchObject({ code, ...(options.message === undefined ? {} : { message: expect.stringContaining(options.message) }) });
    await expectNextCallToWork();
  }

  async function expectNextCallToWork() {
    const script: PluginSource = { key: 'hostile:echo', kind: 'module', source: 'export function run(input) { return input; }', filename: 'echo.js' };
    await expect(runner.call({ script, input: { still: 'working' }, now: NOW })).resolves.toMatchObject({ output: { still: 'working' } });
  }

  describe('that never stop', () => {
    it('stops an endless loop', () => expectEnding(hostile('endless-loop.js'), 'PLUGIN_TIMEOUT'));

    it('stops an endless loop that runs after an await', () => expectEnding(hostile('endless-loop-after-await.js'), 'PLUGIN_TIMEOUT'));

    it('ends a promise that never settles at once: nothing in the sandbox could settle it later', () =>
      expectEnding(hostile('never-settles.js'), 'PLUGIN_TIMEOUT', { message: 'never settles' }));

    it('ends a thenable that never calls back', () =>
      expectEnding(hostile('thenable-never-calls-back.js'), 'PLUGIN_TIMEOUT', { message: 'never settles' }));
  });

  describe('that grow', () => {
    it('stops a memory bomb', () => expectEnding(hostile('memory-bomb.js'), 'PLUGIN_MEMORY', { limits: { cpuMs: 1000 } }));

    it('refuses a 50 MB output before building its JSON', () =>
      expectEnding(hostile('huge-output.js'), 'PLUGIN_OUTPUT_TOO_LARGE', { message: 'larger than 262144 bytes' }));
  });

  describe('that throw what is not an Error', () => {
    it.each([
      [42, '42'],
      ['a plain string', 'a plain string'],
      [null, 'null'],
    ])('reports a thrown %p as PLUGIN_THREW', (thrown, message) =>
      expectEnding(hostile('throws-input.js'), 'PLUGIN_THREW', { input: thrown, message }));

    it('reports a rejection with a string as PLUGIN_THREW', () =>
      expectEnding(hostile('rejects-with-string.js'), 'PLUGIN_THREW', { message: 'rejected with a string' }));

    it('describes a thrown object without calling its looping message getter', () =>
      expectEnding(hostile('throws-looping-message-getter.js'), 'PLUGIN_THREW', { message: '[object Object]' }));

    it('times out describing an Error whose message getter loops', () =>
      expectEnding(hostile('throws-error-with-looping-message.js'), 'PLUGIN_TIMEOUT'));

    it('stops describing a value whose every getter throws another such value', () =>
      expectEnding(hostile('throws-getters-that-throw.js'), 'PLUGIN_THREW', { message: 'cannot be turned into text' }));

    it('times out describing a proxy whose every trap loops', () => expectEnding(hostile('throws-looping-proxy.js'), 'PLUGIN_TIMEOUT'));

    it('stops a module whose top level never finishes', () =>
      expectEnding(hostile('loading-endless-loop.js'), 'PLUGIN_TIMEOUT', { message: 'more than 50 ms of CPU' }));

    it('stops a module whose top level throws an object with a looping getter', () =>
      expectEnding(hostile('loading-throws-looping-getter.js'), 'PLUGIN_TIMEOUT', { message: 'loading the script' }));
  });

  describe('that reach for the host', () => {
    it('gives a module function no `this` to start this.constructor.constructor from', () =>
      expectEnding(hostile('this-constructor.js'), 'PLUGIN_THREW', { input: { bindToGlobal: false }, message: "reading 'constructor'" }));

    it('finds no process behind the Function constructor of the global object', () =>
      expectEnding(hostile('this-constructor.js'), 'PLUGIN_FORBIDDEN', { input: { bindToGlobal: true }, message: 'process is not available' }));

    it('finds no host object in stack frames through Error.prepareStackTrace', () =>
      expectEnding(hostile('prepare-stack-trace.js'), 'PLUGIN_FORBIDDEN', { message: 'process is not available' }));

    it('refuses import()', () => expectEnding(hostile('dynamic-import.js'), 'PLUGIN_FORBIDDEN', { message: 'import()' }));

    it('refuses import() with a comment before its parenthesis', () =>
      expectEnding(hostile('dynamic-import-behind-comment.js'), 'PLUGIN_FORBIDDEN', { message: 'import()' }));

    it('has no require', () => expectEnding(hostile('require.js'), 'PLUGIN_FORBIDDEN', { message: 'require is not available' }));

    it('holds only the standard ECMAScript globals', async () => {
      const { output } = await runner.call({ script: hostile('global-walk.js'), input: null, now: NOW });
      const { own, all } = output as { own: string[]; all: string[] };

      expect(own).toEqual([...STANDARD_GLOBALS].sort());
      for (const name of ['process', 'require', 'module', 'exports', 'Buffer', 'global', 'ivm', 'console', 'WebAssembly', 'SharedArrayBuffer', 'Atomics']) {
        expect(all).not.toContain(name);
      }
      await expectNextCallToWork();
    });
  });
});

/** ECMAScript's own globals plus Intl, escape and unescape: what V8 gives a bare context. */
const STANDARD_GLOBALS = [
  'AggregateError', 'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView', 'Date',
  'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function', 'Infinity', 'Int16Array',
  'Int32Array', 'Int8Array', 'Intl', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError',
  'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'Uint16Array',
  'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet', 'decodeURI', 'decodeURIComponent',
  'encodeURI', 'encodeURIComponent', 'escape', 'eval', 'globalThis', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'undefined', 'unescape',
];
