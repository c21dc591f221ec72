import type { PluginLimits } from './plugin-call.js';

/** The most any call may ask for; set by the administrator when the runner is created. */
export interface PluginCeiling {
  cpuMs: number;
  memoryMb: number;
}

/** The limits one call runs under, after defaults and the ceiling. */
export interface EffectiveLimits {
  cpuMs: number;
  memoryMb: number;
  wallMs: number;
}

/** What a call gets when it asks for nothing. */
export const DEFAULT_LIMITS = { cpuMs: 50, memoryMb: 32 } as const;
/** The ceiling of a runner created without one. */
export const DEFAULT_CEILING: PluginCeiling = { cpuMs: 1000, memoryMb: 128 };
/** isolated-vm refuses smaller isolates. */
export const MIN_MEMORY_MB = 8;

/** Generous beside the CPU limit: a cold call also creates an isolate and compiles the script. */
export function wallDeadlineFor(cpuMs: number): number {
  return cpuMs * 4 + 250;
}

export function resolveLimits(requested: PluginLimits | undefined, ceiling: PluginCeiling): EffectiveLimits {
  const cpuMs = clamp(requested?.cpuMs, DEFAULT_LIMITS.cpuMs, 1, ceiling.cpuMs);
  const memoryMb = clamp(requested?.memoryMb, DEFAULT_LIMITS.memoryMb, MIN_MEMORY_MB, ceiling.memoryMb);
  const wallMs = clamp(requested?.wallMs, wallDeadlineFor(cpuMs), 1, wallDeadlineFor(ceiling.cpuMs));
  return { cpuMs, memoryMb, wallMs };
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  const chosen = value !== undefined && Number.isFinite(value) ? value : fallback;
  return Math.max(min, Math.min(max, chosen));
}
