import type { Flow, Schedule } from '@isync/core';
import { api, listUrl, type Page, type PageRequest } from './base';
import type { IntegrationSummary, IntegrationView, PlanDiff, PlanVersion, Problem } from './types';

export interface MappingRow {
  target: string;
  value:
    | { kind: 'path'; path: string }
    | { kind: 'constant'; value: string | number | boolean | null }
    | { kind: 'template'; template: string }
    | { kind: 'expression'; expression: string };
}

export interface SettingsStep {
  schedule: Schedule;
  dateRange: { from: string | null; to: string | null };
  timezone: string;
  statusMappings: { from: string; to: string }[];
}

type Step<T> = { id: string } & T;
const tagOf = (id: string) => [
  { type: 'Integration' as const, id },
  { type: 'Integration' as const, id: 'LIST' },
];

export const integrationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** Without a page asked: the first 200, for pickers. */
    integrations: build.query<Page<IntegrationSummary>, (PageRequest & { status?: string }) | void>({
      query: (page) => listUrl('api/integrations', { limit: 200, ...page }),
      providesTags: [{ type: 'Integration', id: 'LIST' }],
    }),
    integration: build.query<IntegrationSummary, string>({
      query: (id) => `api/integrations/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Integration', id }],
    }),
    createIntegration: build.mutation<IntegrationView, { title: string; description: string }>({
      query: (body) => ({ url: 'api/integrations', method: 'POST', body }),
      invalidatesTags: [{ type: 'Integration', id: 'LIST' }],
    }),
    updateDetails: build.mutation<IntegrationView, Step<{ title: string; description: string }>>({
      query: ({ id, ...body }) => ({ url: `api/integrations/${id}`, method: 'PATCH', body }),
      invalidatesTags: (_r, _e, { id }) => tagOf(id),
    }),
    saveSource: build.mutation<
      IntegrationView,
      Step<{ connectionId: string; object: string; project?: string }>
    >({
      query: ({ id, ...body }) => ({ url: `api/integrations/${id}/source`, method: 'PUT', body }),
      invalidatesTags: (_r, _e, { id }) => tagOf(id),
    }),
    saveDestination: build.mutation<IntegrationView, Step<{ connectionId: string; object: string }>>({
      query: ({ id, ...body }) => ({ url: `api/integrations/${id}/destination`, method: 'PUT', body }),
      invalidatesTags: (_r, _e, { id }) => tagOf(id),
    }),
    saveMappings: build.mutation<IntegrationView, Step<{ create: MappingRow[]; update: MappingRow[] }>>({
      query: ({ id, ...body }) => ({ url: `api/integrations/${id}/mappings`, method: 'PUT', body }),
      invalidatesTags: (_r, _e, { id }) => tagOf(id),
    }),
    saveSettings: build.mutation<IntegrationView, Step<SettingsStep>>({
      query: ({ id, ...body }) => ({ url: `api/integrations/${id}/settings`, method: 'PUT', body }),
      invalidatesTags: (_r, _e, { id }) => tagOf(id),
    }),
    /** Saves the draft; `revision` (the draftRevision loaded) makes a newer draft saved elsewhere a 409. */
    saveFlow: build.mutation<IntegrationView, { id: string; flow: Flow; revision?: number }>({
      query: ({ id, flow, revision }) => ({
        url: `api/integrations/${id}/flow`,
        method: 'PUT',
        body: flow,
        ...(revision !== undefined && { headers: { 'If-Match': String(revision) } }),
      }),
      invalidatesTags: (_r, _e, { id }) => tagOf(id),
    }),
    /** Compiles the draft and makes it the live version (422 with its problems, 409 on an overlap). */
    publish: build.mutation<IntegrationView, { id: string; confirmOverlap?: boolean }>({
      query: ({ id, confirmOverlap }) => ({
        url: `api/integrations/${id}/publish`,
        method: 'POST',
        body: confirmOverlap ? { confirmOverlap: true } : {},
      }),
      invalidatesTags: (_r, _e, { id }) => [...tagOf(id), { type: 'Plan', id }],
    }),
    planVersions: build.query<Page<PlanVersion>, string>({
      query: (id) => `api/integrations/${id}/plans?limit=100`,
      providesTags: (_r, _e, id) => [{ type: 'Plan', id }],
    }),
    planDiff: build.query<PlanDiff, { id: string; from: number | 'draft'; to: number | 'draft' }>({
      query: ({ id, from, to }) => `api/integrations/${id}/plans/diff?from=${from}&to=${to}`,
      providesTags: (_r, _e, { id }) => [{ type: 'Plan', id }, ...tagOf(id)],
    }),
    /** Publishes an older version's flow as a new version (422 when it no longer compiles, 409 on an overlap). */
    rollback: build.mutation<IntegrationView, { id: string; version: number; confirmOverlap?: boolean }>({
      query: ({ id, version, confirmOverlap }) => ({
        url: `api/integrations/${id}/plans/${version}/rollback`,
        method: 'POST',
        body: confirmOverlap ? { confirmOverlap: true } : {},
      }),
      invalidatesTags: (_r, _e, { id }) => [...tagOf(id), { type: 'Plan', id }],
    }),
    compileFlow: build.mutation<{ ok: boolean; problems: Problem[] }, { id: string; flow: Flow }>({
      query: ({ id, flow }) => ({ url: `api/integrations/${id}/compile`, method: 'POST', body: { flow } }),
    }),
    integrationAction: build.mutation<
      IntegrationView & { notice?: string },
      { id: string; action: 'activate' | 'pause' | 'resume' | 'duplicate'; confirmOverlap?: boolean }
    >({
      query: ({ id, action, confirmOverlap }) => ({
        url: `api/integrations/${id}/${action}`,
        method: 'POST',
        ...(confirmOverlap && { body: { confirmOverlap: true } }),
      }),
      invalidatesTags: (_r, _e, { id, action }) => [
        ...tagOf(id),
        ...(action === 'activate' ? [{ type: 'Plan' as const, id }] : []),
      ],
    }),
    archiveIntegration: build.mutation<IntegrationView, string>({
      query: (id) => ({ url: `api/integrations/${id}`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, id) => tagOf(id),
    }),
  }),
});

export const {
  useIntegrationsQuery,
  useIntegrationQuery,
  useCreateIntegrationMutation,
  useUpdateDetailsMutation,
  useSaveSourceMutation,
  useSaveDestinationMutation,
  useSaveMappingsMutation,
  useSaveSettingsMutation,
  useSaveFlowMutation,
  usePublishMutation,
  usePlanVersionsQuery,
  usePlanDiffQuery,
  useRollbackMutation,
  useCompileFlowMutation,
  useIntegrationActionMutation,
  useArchiveIntegrationMutation,
} = integrationsApi;
