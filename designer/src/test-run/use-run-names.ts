/** The run's own rows (the test person, the test team) by what they are, not by their ids. */
import { useTestRunTexts } from './test-run-texts.js';
import type { TestRun } from './test-runs-api.js';

export function useRunNames(run: TestRun): (id: string) => string {
  const t = useTestRunTexts();
  return (id) => (id === run.tester.userId || id === run.tester.personId ? t('testerName') : id === run.tester.teamId ? t('testTeam') : id);
}
