import { PERMISSIONS, type Permission, type TokenScope } from '@isync/core';

const READ: Permission[] = [
  'connections:read',
  'integrations:read',
  'runs:read',
  'records:read',
  'exceptions:read',
  'insights:read',
  'users:read',
  'audit:read',
];
const OPERATE: Permission[] = [...READ, 'integrations:operate', 'records:replay', 'exceptions:resolve'];
const EDIT: Permission[] = [...OPERATE, 'connections:manage', 'integrations:edit'];

/** What each API token scope reaches; the token's user's role bounds it again. */
export const SCOPE_PERMISSIONS: Readonly<Record<TokenScope, ReadonlySet<Permission>>> = {
  read: new Set(READ),
  operate: new Set(OPERATE),
  edit: new Set(EDIT),
  admin: new Set(PERMISSIONS),
};

export const scopesPermit = (scopes: readonly TokenScope[], permission: Permission): boolean =>
  scopes.some((scope) => SCOPE_PERMISSIONS[scope].has(permission));
