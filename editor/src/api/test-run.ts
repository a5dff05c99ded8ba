import type { TestRunResult } from '@isync/core';
import { api } from './base';

export type {
  DestinationOutcome as TestRunOutcome,
  FieldChange,
  TestRunNodeCount,
  TestRunRecord,
} from '@isync/core';

/** The test run's answer, with the version it tried. */
export interface TestRunAnswer extends TestRunResult {
  version: 'draft' | number;
}

export interface TestRunRequest {
  id: string;
  version?: 'draft' | number;
  limit?: number;
  sourceIds?: string[];
}

export const testRunApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** "Test with live data": the stored draft over live records; nothing is written anywhere. */
    testRun: build.mutation<TestRunAnswer, TestRunRequest>({
      query: ({ id, ...body }) => ({ url: `api/integrations/${id}/test-run`, method: 'POST', body }),
    }),
  }),
});

export const { useTestRunMutation } = testRunApi;
