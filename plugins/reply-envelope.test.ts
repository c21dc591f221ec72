import { exceedsBytes, failureEnvelope, readEnvelope } from './reply-envelope.js';

describe('the reply envelope', () => {
  it('reads an output and its logs', () => {
    const envelope = 'ok\n[{"level":"info","message":"line one\\nline two"}]\n{"score":7}';
    expect(readEnvelope(envelope, 1024)).toEqual({ output: { score: 7 }, logs: [{ level: 'info', message: 'line one\nline two' }] });
  });

  it('turns a failure into its PluginError, message and all', () => {
    expect(() => readEnvelope(failureEnvelope('PLUGIN_THREW', 'Error: first\nsecond line'), 1024)).toThrow(
      expect.objectContaining({ code: 'PLUGIN_THREW', message: 'Error: first\nsecond line' }),
    );
  });

  it.each([
    ['no separators', 'ok'],
    ['an unknown status', 'PLUGIN_SOMETHING\n[]\nwhat'],
    ['output that is not JSON', 'ok\n[]\n{'],
  ])('calls a reply with %s invalid', (_, envelope) => {
    expect(() => readEnvelope(envelope, 1024)).toThrow(expect.objectContaining({ code: 'PLUGIN_OUTPUT_INVALID' }));
  });

  it('counts output size in UTF-8 bytes', () => {
    expect(() => readEnvelope(`ok\n[]\n"${'工'.repeat(10)}"`, 31)).toThrow(expect.objectContaining({ code: 'PLUGIN_OUTPUT_TOO_LARGE' }));
    expect(readEnvelope(`ok\n[]\n"${'工'.repeat(10)}"`, 32).output).toBe('工'.repeat(10));
  });

  it.each([
    ['a', 1, false],
    ['ab', 1, true],
    ['é', 1, true],
    ['é', 2, false],
    ['😀', 3, true],
    ['😀', 4, false],
  ])('knows whether %p exceeds %p bytes', (text, maxBytes, expected) => {
    expect(exceedsBytes(text, maxBytes)).toBe(expected);
  });
});
