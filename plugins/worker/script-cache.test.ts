import type { CompiledScript } from './compiled-script.js';
import { createScriptCache } from './script-cache.js';

function fakeScript(memoryMb = 32): CompiledScript & { disposals: number } {
  let isDisposed = false;
  const script = {
    memoryMb,
    disposals: 0,
    isDisposed: () => isDisposed,
    invoke: () => ({ envelope: 'ok\n[]\nnull', cpuMs: 0 }),
    dispose: () => {
      isDisposed = true;
      script.disposals++;
    },
  };
  return script;
}

describe('the warm scripts of a worker', () => {
  it('evicts and disposes of the least recently used script past its capacity', () => {
    const cache = createScriptCache(2);
    const [a, b, c] = [fakeScript(), fakeScript(), fakeScript()];
    cache.set('a', a);
    cache.set('b', b);
    cache.get('a', 32); // a is now more recent than b

    cache.set('c', c);

    expect([a.disposals, b.disposals, c.disposals]).toEqual([0, 1, 0]);
    expect(cache.get('b', 32)).toBeUndefined();
    expect(cache.get('a', 32)).toBe(a);
  });

  it('gives up a script built for another memory limit, or one already disposed', () => {
    const cache = createScriptCache(4);
    const [small, stopped] = [fakeScript(16), fakeScript()];
    cache.set('small', small);
    cache.set('stopped', stopped);
    stopped.dispose();

    expect(cache.get('small', 32)).toBeUndefined();
    expect(cache.get('stopped', 32)).toBeUndefined();
    expect(small.disposals).toBe(1);
  });
});
