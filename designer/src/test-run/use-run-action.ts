/**
 * A change to a test run: busy while it is on the wire, the run as the server answers it on
 * success, and the refusal kept for whoever made the change (a form shows it on its fields).
 */
import { useCallback, useState } from 'react';
import { ApiError } from '../../../runtime/web/index.js';
import type { TestRun } from './test-runs-api.js';

export function useRunAction(onRun: (run: TestRun) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const act = useCallback(
    async (call: () => Promise<TestRun>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        onRun(await call());
        return true;
      } catch (failure) {
        setError(failure instanceof ApiError ? failure : new ApiError(0, 'NETWORK', (failure as Error).message));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onRun],
  );
  return { busy, error, act };
}
