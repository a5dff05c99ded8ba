import type { Connection } from '@isync/core';
import type { Connector, ConnectorFactory, ConnectorInput } from './connector.js';
import { createNuvoloConnector } from './nuvolo/nuvolo.js';
import { createPlanGridConnector } from './plangrid/plangrid.js';
import { createRestConnector, restConnector } from './rest/rest.js';
import { shippedDefinition } from './rest/shipped.js';

export type * from './connector.js';
export { createNuvoloConnector, createPlanGridConnector, createRestConnector, restConnector };
export {
  checkRestDefinition,
  InvalidRestDefinition,
  jsonPathOf,
  parseRestDefinition,
  restDefinitionJsonSchema,
  restDefinitionSchema,
} from './rest/definition.js';
export type { DefinitionProblem, RestDefinition, RestDefinitionInput } from './rest/definition.js';
export type { RestConnector } from './rest/rest.js';
export { SHIPPED_SYSTEMS, shippedDefinition } from './rest/shipped.js';

const FACTORIES: Record<Connection['system'], ConnectorFactory> = {
  plangrid: createPlanGridConnector,
  nuvolo: createNuvoloConnector,
  rest: createRestConnector,
  // IBM Maximo Manage is a definition the generic engine runs: no Maximo code.
  maximo: (input) => restConnector(input, shippedDefinition('maximo')),
};

export function connectorFor(system: Connection['system']): ConnectorFactory {
  const factory = FACTORIES[system] as ConnectorFactory | undefined;
  if (!factory) throw new Error(`No connector for the system "${String(system)}".`);
  return factory;
}

/** The connector for a stored connection, picked by `connection.system`. */
export const createConnector = (input: ConnectorInput): Connector =>
  connectorFor(input.connection.system)(input);
