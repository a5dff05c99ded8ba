import { useMeQuery } from '../api/auth';
import type { Permission } from '../api/types';

/**
 * Whether the signed-in user's role has this permission, as the API told it (its RBAC matrix), or
 * undefined while that is not known yet. The API checks every request anyway; this keeps the editor from
 * offering actions that would be refused.
 */
export function usePermission(permission: Permission): boolean | undefined {
  const { data: me } = useMeQuery();
  return me ? me.permissions.includes(permission) : undefined;
}

/** Whether to offer an action: only once the role is known to allow it. */
export const useCan = (permission: Permission): boolean => usePermission(permission) ?? false;
