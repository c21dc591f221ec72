import type { PluginLog } from './plugin-call.js';
import { PluginError, isPluginErrorCode, type PluginErrorCode } from './plugin-error.js';

/**
 * The text a call's outcome travels in from the isolate to the host: status (`ok` or a PLUGIN_*
 * code), newline, the logs as JSON, newline, then the output as JSON or the failure message.
 * JSON.stringify never writes a raw newline, so the split is unambiguous. The sandbox prelude
 * writes this text itself, so neither the worker nor the host ever reads an object of the script's.
 */
export function failureEnvelope(code: PluginErrorCode, message: string): string {
  return `${code}\n[]\n${message}`;
}

export interface CallOutcome {
  output: unknown;
  logs: PluginLog[];
}

/** The outcome in an envelope, or the PluginError it carries; the output size is checked here too. */
export function readEnvelope(envelope: string, maxOutputBytes: number): CallOutcome {
  const first = envelope.indexOf('\n');
  const second = envelope.indexOf('\n', first + 1);
  if (first < 0 || second < 0) throw new PluginError('PLUGIN_OUTPUT_INVALID', 'the sandbox reply is unreadable');
  const status = envelope.slice(0, first);
  const logs = parseJson(envelope.slice(first + 1, second)) as PluginLog[];
  const payload = envelope.slice(second + 1);
  if (status !== 'ok') {
    throw new PluginError(isPluginErrorCode(status) ? status : 'PLUGIN_OUTPUT_INVALID', payload, logs);
  }
  if (exceedsBytes(payload, maxOutputBytes)) {
    throw new PluginError('PLUGIN_OUTPUT_TOO_LARGE', `the output is larger than ${maxOutputBytes} bytes`, logs);
  }
  return { output: parseJson(payload), logs };
}

/** UTF-8 takes at least one byte per UTF-16 unit and at most three, so most texts skip the count. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(text, 'utf8') > maxBytes;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PluginError('PLUGIN_OUTPUT_INVALID', 'the sandbox reply is unreadable');
  }
}
