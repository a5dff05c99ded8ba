import { api, type Page } from './base';
import type { ConnectionView, SystemDescription } from './types';

export interface NewConnection {
  system: 'plangrid' | 'nuvolo' | 'rest';
  name: string;
  baseUrl: string;
  authKind: string;
  options?: Record<string, unknown>;
  credentials: Record<string, string>;
}

export const connectionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    connections: build.query<Page<ConnectionView>, void>({
      query: () => 'api/connections?limit=200',
      providesTags: ['Connection'],
    }),
    createConnection: build.mutation<ConnectionView, NewConnection>({
      query: (body) => ({ url: 'api/connections', method: 'POST', body }),
      invalidatesTags: ['Connection'],
    }),
    testConnection: build.mutation<{ ok: boolean; message: string }, string>({
      query: (id) => ({ url: `api/connections/${id}/test`, method: 'POST' }),
    }),
    describeConnection: build.query<SystemDescription, string>({
      query: (id) => `api/connections/${id}/describe`,
    }),
  }),
});

export const {
  useConnectionsQuery,
  useCreateConnectionMutation,
  useTestConnectionMutation,
  useDescribeConnectionQuery,
} = connectionsApi;
