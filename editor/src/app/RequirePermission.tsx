import { Navigate, Outlet, useParams, type Params } from 'react-router';
import type { Permission } from '../api/types';
import { usePermission } from './permissions';

interface Props {
  permission: Permission;
  /** Where a role without it goes instead, from the route's parameters. */
  otherwise: (params: Params) => string;
}

/** The pages under it are for roles with `permission`; others are sent where they can read the same thing. */
export function RequirePermission({ permission, otherwise }: Props) {
  const allowed = usePermission(permission);
  const params = useParams();
  if (allowed === false) return <Navigate to={otherwise(params)} replace />;
  return <Outlet />;
}
