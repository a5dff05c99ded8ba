import { useState } from 'react';
import { useTestRunMutation, type TestRunAnswer } from '../../api/test-run';

/**
 * A test run asked from a screen: `before` runs first (the canvas saves its changes, as the test runs the
 * stored draft) and stops the test when it answers false.
 */
export function useLiveTest(integrationId: string, before?: () => Promise<boolean>) {
  const [run, state] = useTestRunMutation();
  const [limit, setLimit] = useState(20);
  const [answer, setAnswer] = useState<TestRunAnswer | null>(null);
  const start = async () => {
    if (before && !(await before())) return;
    const result = await run({ id: integrationId, limit });
    setAnswer(result.data ?? null);
  };
  const clear = () => {
    setAnswer(null);
    state.reset();
  };
  return { start, clear, limit, setLimit, answer, busy: state.isLoading, error: state.error };
}

export type LiveTest = ReturnType<typeof useLiveTest>;
