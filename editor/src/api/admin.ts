import type { AuditEntry } from '@isync/core';
import { api, listUrl, type Page, type PageRequest } from './base';
import type { Role, Tenant, TenantUsage, UserView } from './types';

export interface TenantLimitsInput {
  maxIntegrations?: number;
  maxUsers?: number;
  maxRecordsPerMonth?: number;
  minScheduleSeconds?: number;
}
export interface Invitation {
  user: UserView;
  inviteUrl: string;
}

export const adminApi = api.injectEndpoints({
  endpoints: (build) => ({
    tenants: build.query<Page<{ tenant: Tenant; usage: TenantUsage }>, PageRequest | void>({
      query: (page) => listUrl('api/tenants', { limit: 200, ...page }),
      providesTags: ['Tenant'],
    }),
    createTenant: build.mutation<
      { tenant: Tenant; invitation: Invitation | null },
      { name: string; slug: string; limits: TenantLimitsInput; admin?: { email: string; name: string } }
    >({
      query: (body) => ({ url: 'api/tenants', method: 'POST', body }),
      invalidatesTags: ['Tenant'],
    }),
    updateTenant: build.mutation<
      Tenant,
      { id: string; name?: string; status?: 'active' | 'suspended'; limits?: TenantLimitsInput }
    >({
      query: ({ id, ...body }) => ({ url: `api/tenants/${id}`, method: 'PATCH', body }),
      invalidatesTags: ['Tenant'],
    }),
    inviteTenantAdmin: build.mutation<Invitation, { id: string; email: string; name: string }>({
      query: ({ id, ...body }) => ({ url: `api/tenants/${id}/invitations`, method: 'POST', body }),
      invalidatesTags: ['Tenant'],
    }),
    users: build.query<Page<UserView>, PageRequest | void>({
      query: (page) => listUrl('api/users', { limit: 200, ...page }),
      providesTags: ['User'],
    }),
    createUser: build.mutation<
      { user: UserView; inviteUrl: string | null },
      { email: string; name: string; role: Exclude<Role, 'platform-admin'>; password?: string }
    >({
      query: (body) => ({ url: 'api/users', method: 'POST', body }),
      invalidatesTags: ['User'],
    }),
    updateUser: build.mutation<UserView, { id: string; role?: Role; status?: 'active' | 'disabled' }>({
      query: ({ id, ...body }) => ({ url: `api/users/${id}`, method: 'PATCH', body }),
      invalidatesTags: ['User'],
    }),
    /** Who changed what in the tenant's configuration, newest first. */
    audit: build.query<Page<AuditEntry>, PageRequest & { action?: string }>({
      query: (filter) => listUrl('api/audit', { ...filter }),
      providesTags: ['Tenant', 'User', 'Integration', 'Connection'],
    }),
    saveEmbedOrigins: build.mutation<Tenant, string[]>({
      query: (origins) => ({ url: 'api/embed-origins', method: 'PUT', body: { origins } }),
      invalidatesTags: ['Me', 'Tenant'],
    }),
    connectionHosts: build.query<{ hosts: string[] }, void>({
      query: () => 'api/connection-hosts',
      providesTags: ['Tenant'],
    }),
    saveConnectionHosts: build.mutation<{ hosts: string[] }, string[]>({
      query: (hosts) => ({ url: 'api/connection-hosts', method: 'PUT', body: { hosts } }),
      invalidatesTags: ['Me', 'Tenant'],
    }),
    createEmbedToken: build.mutation<
      { token: string; expiresAt: string; urls: Record<string, string> },
      { integrationIds: string[]; views: string[]; mode: 'read-only' | 'operate'; minutes?: number }
    >({
      query: (body) => ({ url: 'api/embed-tokens', method: 'POST', body }),
    }),
  }),
});

export const {
  useTenantsQuery,
  useCreateTenantMutation,
  useUpdateTenantMutation,
  useInviteTenantAdminMutation,
  useUsersQuery,
  useAuditQuery,
  useCreateUserMutation,
  useUpdateUserMutation,
  useSaveEmbedOriginsMutation,
  useConnectionHostsQuery,
  useSaveConnectionHostsMutation,
  useCreateEmbedTokenMutation,
} = adminApi;
