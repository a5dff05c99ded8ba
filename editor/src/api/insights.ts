import { api } from './base';
import { searchParams } from './runs';
import type { Insights } from './types';

export const insightsApi = api.injectEndpoints({
  endpoints: (build) => ({
    insights: build.query<Insights, { from: string; to: string; integrationId?: string; zone?: string }>({
      query: (range) => `api/insights?${searchParams({ ...range })}`,
      providesTags: ['Insights'],
    }),
  }),
});

export const { useInsightsQuery } = insightsApi;
