import type { TenantSystem, TenantSystemVersion } from '@isync/core';
import { api, type Page } from './base';

export type { TenantSystem, TenantSystemVersion };

export interface TenantSystemInput {
  name: string;
  label: string;
  definition: Record<string, unknown>;
}

/** A request as the builder's test shows it: the whole URL, headers and body, credentials masked. */
export interface RequestView {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface DefinitionTest {
  definition: Record<string, unknown>;
  baseUrl: string;
  credentials: Record<string, string>;
  endpoint: 'list' | 'create' | 'update';
  object?: string;
  pageSize?: number;
  fields?: Record<string, unknown>;
  id?: string;
  confirm?: boolean;
}

export interface DefinitionTestResult {
  ok: boolean;
  endpoint: DefinitionTest['endpoint'];
  object: string;
  message: string;
  request: RequestView | null;
  records?: Record<string, unknown>[];
  next?: RequestView | null;
  sent?: boolean;
  written?: { id: string; number: string | null; fields: Record<string, unknown> };
}

// Tenant systems change what connections run, so they share the connections' cache tag.
export const tenantSystemsApi = api.injectEndpoints({
  endpoints: (build) => ({
    tenantSystems: build.query<Page<TenantSystem>, void>({
      query: () => 'api/tenant-systems?limit=200',
      providesTags: ['Connection'],
    }),
    tenantSystem: build.query<TenantSystem, string>({
      query: (id) => `api/tenant-systems/${id}`,
      providesTags: ['Connection'],
    }),
    tenantSystemVersions: build.query<Page<TenantSystemVersion>, string>({
      query: (id) => `api/tenant-systems/${id}/versions?limit=100`,
      providesTags: ['Connection'],
    }),
    createTenantSystem: build.mutation<TenantSystem, TenantSystemInput>({
      query: (body) => ({ url: 'api/tenant-systems', method: 'POST', body }),
      invalidatesTags: ['Connection'],
    }),
    saveTenantSystem: build.mutation<TenantSystem, TenantSystemInput & { id: string }>({
      query: ({ id, ...body }) => ({ url: `api/tenant-systems/${id}`, method: 'PUT', body }),
      invalidatesTags: ['Connection'],
    }),
    deleteTenantSystem: build.mutation<void, string>({
      query: (id) => ({ url: `api/tenant-systems/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Connection'],
    }),
    testDefinition: build.mutation<DefinitionTestResult, DefinitionTest>({
      query: (body) => ({ url: 'api/connector-definitions/test', method: 'POST', body }),
    }),
  }),
});

export const {
  useTenantSystemsQuery,
  useTenantSystemQuery,
  useTenantSystemVersionsQuery,
  useCreateTenantSystemMutation,
  useSaveTenantSystemMutation,
  useDeleteTenantSystemMutation,
  useTestDefinitionMutation,
} = tenantSystemsApi;
