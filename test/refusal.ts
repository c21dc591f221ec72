import { FlowdeskError } from '../engine/index.js';

/** The FlowdeskError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<FlowdeskError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlowdeskError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it succeeded');
}

/** The error a synchronous call throws (jest's toThrow does not see across module realms). */
export function thrown(act: () => unknown): FlowdeskError {
  try {
    act();
  } catch (error) {
    return error as FlowdeskError;
  }
  throw new Error('expected a throw');
}
