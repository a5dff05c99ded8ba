import maximo from './definitions/maximo.json' with { type: 'json' };
import type { RestDefinition } from './definition.js';
import { parseRestDefinition } from './definition.js';

/*
 * Systems iSync ships as connector definitions (data the generic REST engine runs), by system name.
 * Each is validated when first used, by the same schema as a tenant's own definition.
 */
const SHIPPED = { maximo } as const;

export type ShippedSystem = keyof typeof SHIPPED;
export const SHIPPED_SYSTEMS = Object.keys(SHIPPED) as ShippedSystem[];

const parsed = new Map<ShippedSystem, RestDefinition>();

export function shippedDefinition(system: ShippedSystem): RestDefinition {
  let definition = parsed.get(system);
  if (!definition) {
    definition = parseRestDefinition(`${system} (shipped)`, SHIPPED[system]);
    parsed.set(system, definition);
  }
  return definition;
}
