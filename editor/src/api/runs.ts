import { api, type Page } from './base';
import type { Run, RunSummary } from './types';

export interface RunFilter {
  integrationId?: string;
  status?: string;
}

const query = (filter: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString();

export const runsApi = api.injectEndpoints({
  endpoints: (build) => ({
    runs: build.query<Page<RunSummary>, RunFilter>({
      query: (filter) => `api/runs?limit=100&${query({ ...filter })}`,
      providesTags: ['Run'],
    }),
    run: build.query<Run, string>({
      query: (id) => `api/runs/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Run', id }],
    }),
    replayRun: build.mutation<{ requeued: number }, string>({
      query: (id) => ({ url: `api/runs/${id}/replay`, method: 'POST' }),
      invalidatesTags: ['Run', 'Record', 'Exception'],
    }),
  }),
});

export { query as searchParams };
export const { useRunsQuery, useRunQuery, useReplayRunMutation } = runsApi;
