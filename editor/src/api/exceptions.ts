import { api, type Page } from './base';
import { searchParams } from './runs';
import type { ExceptionLog } from './types';

export interface ExceptionFilter {
  integrationId?: string;
  nodeId?: string;
  kind?: string;
  from?: string;
  to?: string;
  resolved?: 'true' | 'false';
}

export const exceptionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    exceptions: build.query<Page<ExceptionLog>, ExceptionFilter>({
      query: (filter) => `api/exceptions?limit=200&${searchParams({ ...filter })}`,
      providesTags: ['Exception'],
    }),
    resolveException: build.mutation<ExceptionLog, string>({
      query: (id) => ({ url: `api/exceptions/${id}/resolve`, method: 'POST' }),
      invalidatesTags: ['Exception'],
    }),
  }),
});

export const { useExceptionsQuery, useResolveExceptionMutation } = exceptionsApi;
