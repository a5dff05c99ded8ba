import { api, listUrl, type Page, type PageRequest } from './base';
import type { Run, RunSummary } from './types';

export interface RunNowAnswer {
  run: RunSummary;
  /** The run going now, which the asked one follows. */
  queuedBehind: string | null;
  created: boolean;
  message: string;
}

export interface RunFilter extends PageRequest {
  integrationId?: string;
  status?: string;
}

/** What a replay answers: the records put back in line, by integration (a replay run follows for each). */
export interface ReplayAnswer {
  requeued: number;
  integrations: { integrationId: string; requeued: number }[];
}

/** A filter as search parameters, leaving out what is not set. */
const query = (filter: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString();

export const runsApi = api.injectEndpoints({
  endpoints: (build) => ({
    runs: build.query<Page<RunSummary>, RunFilter>({
      query: (filter) => listUrl('api/runs', { ...filter }),
      providesTags: ['Run'],
    }),
    run: build.query<Run, string>({
      query: (id) => `api/runs/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Run', id }],
    }),
    /** Run now: the answer names the queued run (and the run it follows, if one is going). */
    runIntegration: build.mutation<RunNowAnswer, string>({
      query: (integrationId) => ({ url: `api/integrations/${integrationId}/run`, method: 'POST' }),
      invalidatesTags: (_r, _e, integrationId) => ['Run', { type: 'Integration', id: integrationId }],
    }),
    cancelRun: build.mutation<{ run: RunSummary; outcome: 'canceled' | 'stopping' }, string>({
      query: (id) => ({ url: `api/runs/${id}/cancel`, method: 'POST' }),
      invalidatesTags: (_r, _e, id) => ['Run', { type: 'Run', id }],
    }),
    replayRun: build.mutation<ReplayAnswer, string>({
      query: (id) => ({ url: `api/runs/${id}/replay`, method: 'POST' }),
      invalidatesTags: ['Run', 'Record', 'Exception'],
    }),
  }),
});

export { query as searchParams };
export const {
  useRunsQuery,
  useLazyRunsQuery,
  useRunQuery,
  useReplayRunMutation,
  useRunIntegrationMutation,
  useCancelRunMutation,
} = runsApi;
