import type { ConnectionView } from '../../api/types';
import { SYSTEM_LABEL } from './ConnectionForm';

/** The system a connection reaches, as a person names it: "PlanGrid", "Nuvolo", or a tenant system's name. */
export function systemNameOf(
  connections: readonly ConnectionView[] | undefined,
  connectionId: unknown,
): string | undefined {
  const connection = connections?.find((c) => c.id === connectionId);
  if (!connection) return undefined;
  const own = connection.options.tenantSystemName;
  if (typeof own === 'string' && own) return own;
  return SYSTEM_LABEL[connection.system as keyof typeof SYSTEM_LABEL] ?? connection.system;
}
