import { resolveLimits, wallDeadlineFor } from './plugin-limits.js';

const CEILING = { cpuMs: 200, memoryMb: 64 };

describe('call limits', () => {
  it('defaults to 50 ms of CPU, 32 MB and a wall deadline of four times the CPU plus 250 ms', () => {
    expect(resolveLimits(undefined, CEILING)).toEqual({ cpuMs: 50, memoryMb: 32, wallMs: 450 });
  });

  it('takes what a call asks for within the ceiling', () => {
    expect(resolveLimits({ cpuMs: 100, memoryMb: 48, wallMs: 300 }, CEILING)).toEqual({ cpuMs: 100, memoryMb: 48, wallMs: 300 });
  });

  it('caps what a call asks for at the ceiling, the wall deadline at the ceiling CPU’s deadline', () => {
    expect(resolveLimits({ cpuMs: 10_000, memoryMb: 1024, wallMs: 60_000 }, CEILING)).toEqual({ cpuMs: 200, memoryMb: 64, wallMs: wallDeadlineFor(200) });
  });

  it('raises memory to the 8 MB isolated-vm needs and ignores values that are not finite numbers', () => {
    expect(resolveLimits({ cpuMs: Number.NaN, memoryMb: 1, wallMs: Number.POSITIVE_INFINITY }, CEILING)).toEqual({ cpuMs: 50, memoryMb: 8, wallMs: 450 });
  });
});
