import type { CompiledScript } from './compiled-script.js';

/** Warm scripts of one worker by key, least recently used evicted first (its isolate disposed). */
export interface ScriptCache {
  /** The warm script, unless it was disposed or built for another memory limit. */
  get(key: string, memoryMb: number): CompiledScript | undefined;
  set(key: string, script: CompiledScript): void;
}

export function createScriptCache(capacity: number): ScriptCache {
  const scripts = new Map<string, CompiledScript>();
  return {
    get(key, memoryMb) {
      const script = scripts.get(key);
      if (script === undefined) return undefined;
      scripts.delete(key);
      if (script.isDisposed() || script.memoryMb !== memoryMb) {
        script.dispose();
        return undefined;
      }
      scripts.set(key, script); // now the most recently used
      return script;
    },
    set(key, script) {
      scripts.get(key)?.dispose();
      scripts.delete(key);
      scripts.set(key, script);
      for (const [oldest, evicted] of scripts) {
        if (scripts.size <= capacity) break;
        scripts.delete(oldest);
        evicted.dispose();
      }
    },
  };
}
