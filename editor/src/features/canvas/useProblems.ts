import type { Flow } from '@isync/core';
import { useEffect, useState } from 'react';
import { useCompileFlowMutation } from '../../api/integrations';
import type { Problem } from '../../api/types';

/** The compile problems of the flow as it is being edited (checked shortly after each change). */
export function useProblems(integrationId: string, flow: Flow): Problem[] {
  const [compile] = useCompileFlowMutation();
  const [problems, setProblems] = useState<Problem[]>([]);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      const result = await compile({ id: integrationId, flow });
      if (current && result.data) setProblems(result.data.problems);
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [compile, integrationId, flow]);
  return problems;
}
