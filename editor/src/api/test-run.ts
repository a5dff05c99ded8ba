import { api } from './base';

/** What one node did with a test record; `fields` are the destination fields set so far. */
export interface TestRunStep {
  nodeId: string;
  label: string;
  outcome: 'passed' | 'skipped' | 'failed';
  fields?: Record<string, unknown>;
  reason?: string;
}

export interface FieldChange {
  field: string;
  current: unknown;
  next: unknown;
  changed: boolean;
}

/** What the record would become in the destination. */
export type TestRunOutcome =
  | { kind: 'create'; body: Record<string, unknown> }
  | { kind: 'update'; destinationId: string; body: Record<string, unknown>; diff: FieldChange[] }
  | { kind: 'link'; destinationId: string; match: { field: string; value: string } }
  | { kind: 'skip'; nodeId: string; reason: string }
  | { kind: 'fail'; nodeId: string; message: string };

export interface TestRunRecord {
  sourceId: string;
  source: Record<string, unknown>;
  /** Whether iSync already created or linked its destination record. */
  known: boolean;
  steps: TestRunStep[];
  outcome: TestRunOutcome;
}

export interface TestRunNodeCount {
  nodeId: string;
  in: number;
  out: number;
  skipped: number;
  failed: number;
}

export interface TestRunAnswer {
  version: 'draft' | number;
  records: TestRunRecord[];
  nodes: TestRunNodeCount[];
  notFound: string[];
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
