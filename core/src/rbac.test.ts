import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS } from './rbac.js';

describe('permission matrix', () => {
  it('lets a platform admin do everything', () => {
    expect(PERMISSIONS.every((permission) => can('platform-admin', permission))).toBe(true);
  });

  it('gives each tenant role its own reach', () => {
    expect(can('tenant-admin', 'users:manage')).toBe(true);
    expect(can('tenant-admin', 'tenants:manage')).toBe(false);
    expect(can('editor', 'integrations:operate')).toBe(true);
    expect(can('editor', 'users:manage')).toBe(false);
    expect(can('viewer', 'integrations:read')).toBe(true);
    expect(can('viewer', 'integrations:edit')).toBe(false);
    expect(can('viewer', 'records:replay')).toBe(false);
  });
});
