import { colourOf, remainingAfter } from './sla-colour.js';

describe('SLA clock colours', () => {
  it('is green, amber or red while running, by health', () => {
    expect(colourOf({ status: 'running', health: 'ok' })).toBe('green');
    expect(colourOf({ status: 'running', health: 'warning' })).toBe('amber');
    expect(colourOf({ status: 'running', health: 'breached' })).toBe('red');
  });

  it('is grey when paused or met, and stays red when it stopped late', () => {
    expect(colourOf({ status: 'paused', health: 'paused' })).toBe('grey');
    expect(colourOf({ status: 'stopped', health: 'met' })).toBe('grey');
    expect(colourOf({ status: 'stopped', health: 'missed' })).toBe('red');
  });

  it('counts down only while running', () => {
    expect(remainingAfter({ status: 'running', remainingMs: 60_000 }, 90_000)).toBe(-30_000);
    expect(remainingAfter({ status: 'paused', remainingMs: 60_000 }, 90_000)).toBe(60_000);
  });
});
