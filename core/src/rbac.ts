import type { Role } from './domain/user.js';

/** Everything a route may ask permission for. One matrix decides, checked by one middleware. */
export const PERMISSIONS = [
  'tenants:manage',
  'users:read',
  'users:manage',
  'connections:read',
  'connections:manage',
  /** Defining the tenant's own systems (connector definitions) in the connector builder. */
  'systems:manage',
  'integrations:read',
  'integrations:edit',
  'integrations:operate',
  'runs:read',
  'records:read',
  'records:replay',
  'exceptions:read',
  'exceptions:resolve',
  'insights:read',
  'embed:manage',
  'audit:read',
  'settings:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = [
  'connections:read',
  'integrations:read',
  'runs:read',
  'records:read',
  'exceptions:read',
  'insights:read',
];
const EDIT: Permission[] = [
  ...READ,
  'connections:manage',
  'integrations:edit',
  'integrations:operate',
  'records:replay',
  'exceptions:resolve',
];
const ADMIN: Permission[] = [
  ...EDIT,
  'users:read',
  'users:manage',
  'embed:manage',
  'audit:read',
  'settings:manage',
  'systems:manage',
];

/** Who may do what. A platform admin may do everything, in the tenant it acts for. */
export const PERMISSION_MATRIX: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  'platform-admin': new Set(PERMISSIONS),
  'tenant-admin': new Set(ADMIN),
  editor: new Set(EDIT),
  viewer: new Set(READ),
};

export const can = (role: Role, permission: Permission): boolean => PERMISSION_MATRIX[role].has(permission);
