import { useMeQuery } from '../api/auth';
import type { Permission } from '../api/types';

/**
 * Whether the signed-in user may do this, as the API told at sign-in (its RBAC matrix). The API checks
 * every request anyway; this keeps the editor from offering actions that would be refused.
 */
export function useCan(permission: Permission): boolean {
  const { data: me } = useMeQuery();
  return me?.permissions.includes(permission) ?? false;
}
