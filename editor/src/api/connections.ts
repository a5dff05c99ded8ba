import { api, listUrl, type Page, type PageRequest } from './base';
import type { ConnectionView, SystemDescription } from './types';

export interface NewConnection {
  system: 'plangrid' | 'nuvolo' | 'rest' | 'maximo';
  name: string;
  baseUrl: string;
  authKind: string;
  options?: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** A change to a connection: credentials only when they are replaced. */
export type ConnectionPatch = { id: string } & Partial<Omit<NewConnection, 'system'>>;

export const connectionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** Without a page asked: the first 200, for pickers. */
    connections: build.query<Page<ConnectionView>, PageRequest | void>({
      query: (page) => listUrl('api/connections', { limit: 200, ...page }),
      providesTags: ['Connection'],
    }),
    createConnection: build.mutation<ConnectionView, NewConnection>({
      query: (body) => ({ url: 'api/connections', method: 'POST', body }),
      invalidatesTags: ['Connection'],
    }),
    updateConnection: build.mutation<ConnectionView, ConnectionPatch>({
      query: ({ id, ...body }) => ({ url: `api/connections/${id}`, method: 'PATCH', body }),
      invalidatesTags: ['Connection'],
    }),
    deleteConnection: build.mutation<void, string>({
      query: (id) => ({ url: `api/connections/${id}`, method: 'DELETE' }),
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
  useUpdateConnectionMutation,
  useDeleteConnectionMutation,
  useTestConnectionMutation,
  useDescribeConnectionQuery,
} = connectionsApi;
