import { api } from './base';
import { csrfTokenSet } from './session';
import type { Me, UserView } from './types';

const rememberCsrf = async (
  _arg: unknown,
  {
    dispatch,
    queryFulfilled,
  }: { dispatch: (action: unknown) => unknown; queryFulfilled: Promise<{ data: Me }> },
) => {
  try {
    const { data } = await queryFulfilled;
    dispatch(csrfTokenSet(data.csrfToken));
  } catch {
    // Not signed in: nothing to remember.
  }
};

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    me: build.query<Me, void>({
      query: () => 'api/auth/me',
      providesTags: ['Me'],
      onQueryStarted: rememberCsrf,
    }),
    login: build.mutation<Me, { email: string; password: string }>({
      query: (body) => ({ url: 'api/auth/login', method: 'POST', body }),
      onQueryStarted: rememberCsrf,
      invalidatesTags: (result) => (result ? ['Me'] : []),
    }),
    logout: build.mutation<void, void>({
      query: () => ({ url: 'api/auth/logout', method: 'POST' }),
    }),
    switchTenant: build.mutation<Me, { tenantId: string }>({
      query: (body) => ({ url: 'api/auth/switch-tenant', method: 'POST', body }),
      onQueryStarted: rememberCsrf,
    }),
    setup: build.mutation<UserView, { token: string; email: string; name: string; password: string }>({
      query: (body) => ({ url: 'api/auth/setup', method: 'POST', body }),
    }),
    acceptInvite: build.mutation<UserView, { token: string; password: string }>({
      query: (body) => ({ url: 'api/auth/accept-invite', method: 'POST', body }),
    }),
  }),
});

export const {
  useMeQuery,
  useLoginMutation,
  useLogoutMutation,
  useSwitchTenantMutation,
  useSetupMutation,
  useAcceptInviteMutation,
} = authApi;
