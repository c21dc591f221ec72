import { FlowdeskError } from '../errors/flowdesk-error.js';
import { parseBundleJson } from './json-reader.js';

function refusal(text: string | Uint8Array): FlowdeskError {
  try {
    parseBundleJson(typeof text === 'string' ? Buffer.from(text) : text, 'forms/x.json');
  } catch (error) {
    if (error instanceof FlowdeskError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseBundleJson', () => {
  it('parses ordinary JSON, a BOM included', () => {
    expect(parseBundleJson(Buffer.from('\uFEFF{"a":[1,{"b":"中文"}]}'), 'x.json')).toEqual({ a: [1, { b: '中文' }] });
  });

  it('refuses malformed JSON naming the file, line and column', () => {
    const error = refusal('{\n  "id": "x",\n  "title": oops\n}');
    expect(error.code).toBe('BUNDLE_JSON_MALFORMED');
    expect(error.details[0]).toMatchObject({ file: 'forms/x.json', line: 3, column: 12 });
    expect(error.message).toMatch(/^forms\/x\.json:3:12: malformed JSON/);
  });

  it('refuses an empty file as malformed', () => {
    expect(refusal('').code).toBe('BUNDLE_JSON_MALFORMED');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s with its JSON pointer', (key) => {
    const error = refusal(`{"a":{"ok":1,"${key}":{"polluted":true}}}`);
    expect(error.code).toBe('BUNDLE_KEY_FORBIDDEN');
    expect(error.details[0]).toMatchObject({ file: 'forms/x.json', pointer: `/a/${key}` });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses nesting deeper than the limit before parsing', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    const error = refusal(deep);
    expect(error.code).toBe('BUNDLE_NESTING_TOO_DEEP');
    expect(error.details[0]).toMatchObject({ file: 'forms/x.json', line: 1, column: 65 });
  });

  it('does not count brackets inside strings as nesting', () => {
    expect(parseBundleJson(Buffer.from(JSON.stringify({ s: '['.repeat(500) })), 'x.json')).toEqual({ s: '['.repeat(500) });
  });

  it('refuses invalid UTF-8 naming the byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const error = refusal(bytes);
    expect(error.code).toBe('BUNDLE_ENCODING_INVALID');
    expect(error.message).toMatch(/forms\/x\.json: not valid UTF-8 \(first bad byte at offset 9\)/);
  });
});
