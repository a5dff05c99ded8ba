import type { Connection } from '@isync/core';
import type { Connector, ConnectorFactory, ConnectorInput } from './connector.js';
import { createNuvoloConnector } from './nuvolo/nuvolo.js';
import { createPlanGridConnector } from './plangrid/plangrid.js';
import { createRestConnector } from './rest/rest.js';

export type * from './connector.js';
export { createNuvoloConnector, createPlanGridConnector, createRestConnector };
export { restDefinitionSchema, parseRestDefinition } from './rest/definition.js';
export type { RestDefinition, RestDefinitionInput } from './rest/definition.js';

const FACTORIES: Record<Connection['system'], ConnectorFactory> = {
  plangrid: createPlanGridConnector,
  nuvolo: createNuvoloConnector,
  rest: createRestConnector,
};

export function connectorFor(system: Connection['system']): ConnectorFactory {
  const factory = FACTORIES[system] as ConnectorFactory | undefined;
  if (!factory) throw new Error(`No connector for the system "${String(system)}".`);
  return factory;
}

/** The connector for a stored connection, picked by `connection.system`. */
export const createConnector = (input: ConnectorInput): Connector =>
  connectorFor(input.connection.system)(input);
