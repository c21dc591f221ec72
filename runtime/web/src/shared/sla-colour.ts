/** How an SLA clock is shown: its colour, and its business time left at a moment after it was read. */

export interface ClockState {
  status: 'running' | 'paused' | 'stopped';
  health: 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';
  remainingMs: number;
}

export type SlaColour = 'green' | 'amber' | 'red' | 'grey';

/** Green on track, amber in its warning share, red once breached (also when it stopped late), grey when paused or met. */
export function colourOf(clock: Pick<ClockState, 'health' | 'status'>): SlaColour {
  if (clock.status !== 'running') return clock.health === 'missed' ? 'red' : 'grey';
  if (clock.health === 'breached') return 'red';
  if (clock.health === 'warning') return 'amber';
  return 'green';
}

/**
 * Business time left `elapsedMs` of wall time after the clock was read: a running clock counts
 * down (an estimate until the next read: business hours may end meanwhile), others stand still.
 */
export function remainingAfter(clock: Pick<ClockState, 'status' | 'remainingMs'>, elapsedMs: number): number {
  return clock.status === 'running' ? clock.remainingMs - elapsedMs : clock.remainingMs;
}
