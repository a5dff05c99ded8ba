import { api, listUrl, type Page, type PageRequest } from './base';
import type { ExceptionRow } from './types';

export interface ExceptionFilter extends PageRequest {
  integrationId?: string;
  nodeId?: string;
  kind?: string;
  from?: string;
  to?: string;
  resolved?: 'true' | 'false';
}

export const exceptionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    exceptions: build.query<Page<ExceptionRow>, ExceptionFilter>({
      query: (filter) => listUrl('api/exceptions', { ...filter }),
      providesTags: ['Exception'],
    }),
    resolveException: build.mutation<ExceptionRow, string>({
      query: (id) => ({ url: `api/exceptions/${id}/resolve`, method: 'POST' }),
      invalidatesTags: ['Exception'],
    }),
  }),
});

export const { useExceptionsQuery, useResolveExceptionMutation } = exceptionsApi;
