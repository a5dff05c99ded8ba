import type { NewConnection } from '../../api/connections';
import { useTenantSystemsQuery, type TenantSystem } from '../../api/tenant-systems';
import type { ConnectionView } from '../../api/types';
import { CONNECTION_AUTH, formOf } from './builder-form';

/** A system a connection can be of: one iSync ships, or one of the tenant's own. */
export interface SystemChoice {
  /** `nuvolo`, `maximo`…, or `tenant:<id>` for a tenant system. */
  key: string;
  system: NewConnection['system'];
  label: string;
  /** The icon's short label. */
  badge: string;
  tenantSystem?: { id: string; authKind: string };
}

const SHIPPED: Record<'plangrid' | 'nuvolo' | 'maximo', SystemChoice> = {
  plangrid: { key: 'plangrid', system: 'plangrid', label: 'PlanGrid', badge: 'PG' },
  nuvolo: { key: 'nuvolo', system: 'nuvolo', label: 'Nuvolo', badge: 'NV' },
  maximo: { key: 'maximo', system: 'maximo', label: 'IBM Maximo', badge: 'MX' },
};

export const shippedChoice = (system: keyof typeof SHIPPED): SystemChoice => SHIPPED[system];

const tenantChoice = (system: TenantSystem): SystemChoice => ({
  key: `tenant:${system.id}`,
  system: 'rest',
  label: system.name,
  badge: system.label,
  tenantSystem: { id: system.id, authKind: CONNECTION_AUTH[formOf(system.definition).authKind] },
});

/** Which system a connection is of, by the same keys as the choices. */
export function systemKeyOf(connection: Pick<ConnectionView, 'system' | 'options'>): string {
  const id = connection.options.tenantSystemId;
  return connection.system === 'rest' && typeof id === 'string' ? `tenant:${id}` : connection.system;
}

/** The systems a connection can be of: those iSync ships, and each of the tenant's own systems. */
export function useConnectionChoices(): SystemChoice[] {
  const { data } = useTenantSystemsQuery();
  return [SHIPPED.plangrid, SHIPPED.nuvolo, SHIPPED.maximo, ...(data?.items ?? []).map(tenantChoice)];
}

/** How a connection's system is named: a tenant system by its own name. */
export const systemNameOf = (connection: Pick<ConnectionView, 'system' | 'options'>): string => {
  const name = connection.options.tenantSystemName;
  if (connection.system === 'rest' && typeof name === 'string') return name;
  return connection.system in SHIPPED
    ? SHIPPED[connection.system as keyof typeof SHIPPED].label
    : 'Generic REST';
};

/** The systems a destination can be: Nuvolo, IBM Maximo, and each of the tenant's own systems. */
export function useDestinationChoices(): SystemChoice[] {
  const { data } = useTenantSystemsQuery();
  return [SHIPPED.nuvolo, SHIPPED.maximo, ...(data?.items ?? []).map(tenantChoice)];
}

/** The systems a source can be: PlanGrid, IBM Maximo, and each of the tenant's own systems. */
export function useSourceChoices(): SystemChoice[] {
  const { data } = useTenantSystemsQuery();
  return [SHIPPED.plangrid, SHIPPED.maximo, ...(data?.items ?? []).map(tenantChoice)];
}
