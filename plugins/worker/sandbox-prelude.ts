/**
 * The JavaScript that runs first in every sandbox context, before the bundle's module. It shapes
 * the global scope, and evaluates to `install(run)`, which returns the `{ call, collect }` pair
 * the worker calls: both take and return strings only (see reply-envelope.ts for the reply text).
 *
 * Bundle code runs later in the same context and may replace any global or prototype method, so
 * everything the wrapper needs is captured here first and called without lookups afterwards.
 */

/** Log entries kept per call; later ones are counted in a final warning. */
const MAX_LOG_ENTRIES = 50;
/** Characters kept of each log message. */
const MAX_LOG_CHARS = 1000;
/** Characters kept of a thrown value's text. */
const MAX_MESSAGE_CHARS = 2000;

/** Globals a plugin might reach for that only a host has: naming one ends as PLUGIN_FORBIDDEN. */
const HOST_NAMES = ['process', 'require', 'module', 'exports', 'Buffer', 'global', '__dirname', '__filename', 'fetch', 'XMLHttpRequest', 'setTimeout', 'setInterval', 'setImmediate'];

/** Not ECMAScript (console), or able to outgrow the isolate's memory limit and share memory (the rest). */
const REMOVED_GLOBALS = ['console', 'WebAssembly', 'SharedArrayBuffer', 'Atomics'];

export const SANDBOX_PRELUDE = String.raw`(function prepareSandbox() {
  'use strict';
  const { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;
  const { stringify, parse } = JSON;
  const { freeze } = Object;
  const toText = String;
  const RealDate = Date;
  const dateParse = Date.parse;
  const dateToString = Date.prototype.toString;
  const sliceText = String.prototype.slice;
  const execPattern = RegExp.prototype.exec;
  const referenceErrorPrototype = ReferenceError.prototype;
  const NOT_DEFINED = /^([\w$]+) is not defined$/;
  const HOST_NAMES = freeze({ __proto__: null, ${HOST_NAMES.map((name) => `${name}: true`).join(', ')} });
  const OUTPUT_TOO_LARGE = freeze({ __proto__: null });

  ${REMOVED_GLOBALS.map((name) => `delete globalThis.${name};`).join(' ')}

  // Time stands still at the instant the caller passed, so a script is a function of its input.
  let nowMs = 0;
  const FixedDate = new Proxy(RealDate, {
    __proto__: null,
    apply() { return apply(dateToString, new RealDate(nowMs), []); },
    construct(target, args, newTarget) { return construct(target, args.length === 0 ? [nowMs] : args, newTarget); },
  });
  defineProperty(RealDate, 'now', { value: () => nowMs });
  defineProperty(RealDate.prototype, 'constructor', { value: FixedDate });
  defineProperty(globalThis, 'Date', { value: FixedDate });

  function truncate(text, max) {
    return text.length > max ? apply(sliceText, text, [0, max]) + '…' : text;
  }

  // Never throws, never lets a getter of the thrown value escape this function.
  function describe(value) {
    let text;
    try {
      text = toText(value);
      if (text === '[object Object]') {
        const message = getOwnPropertyDescriptor(value, 'message');
        if (message !== undefined && typeof message.value === 'string') text = message.value;
      }
    } catch {
      text = 'a thrown value that cannot be turned into text';
    }
    return truncate(text, ${MAX_MESSAGE_CHARS});
  }

  // The name in the engine's own "x is not defined", when x is something only a host has.
  function hostNameIn(error) {
    try {
      if (error === null || typeof error !== 'object' || getPrototypeOf(error) !== referenceErrorPrototype) return undefined;
      const message = getOwnPropertyDescriptor(error, 'message');
      if (message === undefined || typeof message.value !== 'string') return undefined;
      const match = apply(execPattern, NOT_DEFINED, [message.value]);
      return match !== null && HOST_NAMES[match[1]] === true ? match[1] : undefined;
    } catch {
      return undefined;
    }
  }

  function startCall(now) {
    const call = { __proto__: null, logsJson: '', logCount: 0, dropped: 0, envelope: '', sdk: undefined };
    const log = (level) => (message) => {
      if (call.logCount === ${MAX_LOG_ENTRIES}) {
        call.dropped++;
        return;
      }
      const entry = '{"level":"' + level + '","message":' + stringify(truncate(toText(message), ${MAX_LOG_CHARS})) + '}';
      call.logsJson += call.logCount === 0 ? entry : ',' + entry;
      call.logCount++;
    };
    call.sdk = freeze({ log: freeze({ info: log('info'), warn: log('warn'), error: log('error') }), now: () => now });
    return call;
  }

  function envelopeOf(call, status, payload) {
    let logs = call.logsJson;
    if (call.dropped > 0) {
      logs += (call.logCount === 0 ? '' : ',') + '{"level":"warn","message":"' + call.dropped + ' more log entries dropped (at most ${MAX_LOG_ENTRIES} per call)"}';
    }
    return status + '\n[' + logs + ']\n' + payload;
  }

  function failureEnvelope(call, error) {
    const name = hostNameIn(error);
    if (name !== undefined) {
      return envelopeOf(call, 'PLUGIN_FORBIDDEN', name + ' is not available in the sandbox: plugins get no host objects, modules, timers or I/O');
    }
    return envelopeOf(call, 'PLUGIN_THREW', describe(error));
  }

  function outputEnvelope(call, value, maxBytes) {
    if (value === undefined) return envelopeOf(call, 'PLUGIN_OUTPUT_INVALID', 'run returned undefined; return null or another JSON value');
    const tooLarge = () => envelopeOf(call, 'PLUGIN_OUTPUT_TOO_LARGE', 'the output is larger than ' + maxBytes + ' bytes');
    // A lower bound of the text's length, kept while stringify walks: a huge output is refused
    // before stringify builds it (which could take the whole memory limit).
    let budget = maxBytes;
    let json;
    try {
      json = stringify(value, (key, item) => {
        budget -= key.length + (typeof item === 'string' ? item.length : 1);
        if (budget < 0) throw OUTPUT_TOO_LARGE;
        return item;
      });
    } catch (error) {
      if (error === OUTPUT_TOO_LARGE) return tooLarge();
      return envelopeOf(call, 'PLUGIN_OUTPUT_INVALID', 'the output is not JSON: ' + describe(error));
    }
    if (json === undefined) return envelopeOf(call, 'PLUGIN_OUTPUT_INVALID', 'the output is not JSON (a function or a symbol)');
    return json.length > maxBytes ? tooLarge() : envelopeOf(call, 'ok', json);
  }

  function isThenable(value) {
    return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
  }

  return function install(run) {
    let latest;
    // Returns the reply text, or '' when run returned a thenable: collect() after the microtasks.
    function call(inputJson, now, maxOutputBytes) {
      nowMs = dateParse(now);
      const state = startCall(now);
      latest = state;
      let value;
      try {
        value = run(parse(inputJson), state.sdk);
        if (!isThenable(value)) return outputEnvelope(state, value, maxOutputBytes);
      } catch (error) {
        return failureEnvelope(state, error);
      }
      settle(state, value, maxOutputBytes);
      return '';
    }
    async function settle(state, pending, maxOutputBytes) {
      let value;
      try {
        value = await pending;
      } catch (error) {
        state.envelope = failureEnvelope(state, error);
        return;
      }
      state.envelope = outputEnvelope(state, value, maxOutputBytes);
    }
    // Nothing in the sandbox (no timers, no I/O) can settle a promise once the microtasks ran:
    // '' here means the promise never settles.
    function collect() {
      return latest.envelope;
    }
    return freeze({ __proto__: null, call, collect });
  };
})()`;
