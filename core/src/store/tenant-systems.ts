import type { Page, PageRequest, TenantId } from '../domain/common.js';
import type { Author } from '../domain/integration.js';
import { nowIso } from '../domain/common.js';
import {
  TenantSystemInputSchema,
  type TenantSystem,
  type TenantSystemInput,
  type TenantSystemVersion,
} from '../domain/tenant-system.js';
import { newId } from '../ids.js';

/** The tenant's own systems (connector definitions saved in the connector builder), versioned. */
export interface TenantSystemRepository {
  /** Stores version 1. */
  create(tenantId: TenantId, input: TenantSystemInput, savedBy: Author | null): Promise<TenantSystem>;
  /** Stores the next version (2, 3…) as the system's content; null when the system is not the tenant's. */
  saveVersion(
    tenantId: TenantId,
    systemId: string,
    input: TenantSystemInput,
    savedBy: Author | null,
  ): Promise<TenantSystem | null>;
  get(tenantId: TenantId, systemId: string): Promise<TenantSystem | null>;
  /** Newest first. */
  list(tenantId: TenantId, page?: PageRequest): Promise<Page<TenantSystem>>;
  /** The system's versions, newest first. */
  versions(tenantId: TenantId, systemId: string, page?: PageRequest): Promise<Page<TenantSystemVersion>>;
  /** Deletes the system with all its versions. */
  delete(tenantId: TenantId, systemId: string): Promise<boolean>;
}

/** Version 1 of a new system, and the system it makes. */
export function newTenantSystem(
  tenantId: TenantId,
  input: TenantSystemInput,
  savedBy: Author | null,
): { system: TenantSystem; version: TenantSystemVersion } {
  const parsed = TenantSystemInputSchema.parse(input);
  const at = nowIso();
  const system: TenantSystem = {
    id: newId(),
    tenantId,
    ...parsed,
    version: 1,
    updatedBy: savedBy,
    createdAt: at,
    updatedAt: at,
  };
  return { system, version: versionOf(system) };
}

/** The next version of a stored system, and the system as it becomes. */
export function nextTenantSystemVersion(
  current: TenantSystem,
  input: TenantSystemInput,
  savedBy: Author | null,
): { system: TenantSystem; version: TenantSystemVersion } {
  const system: TenantSystem = {
    ...current,
    ...TenantSystemInputSchema.parse(input),
    version: current.version + 1,
    updatedBy: savedBy,
    updatedAt: nowIso(),
  };
  return { system, version: versionOf(system) };
}

const versionOf = (system: TenantSystem): TenantSystemVersion => ({
  id: newId(),
  tenantId: system.tenantId,
  systemId: system.id,
  version: system.version,
  name: system.name,
  label: system.label,
  definition: system.definition,
  savedBy: system.updatedBy,
  savedAt: system.updatedAt,
});
