import { z } from 'zod';
import type { NodeCatalog, NodeTypeSpec, Plan } from '@isync/core';
import type { NodeDefinition } from './definition.js';
import { destinationNode } from './destination/definition.js';
import { fieldMapNode } from './field-map/definition.js';
import { filterNode } from './filter/definition.js';
import { lookupNode } from './lookup/definition.js';
import { sourceNode } from './source/definition.js';
import { statusMapNode } from './status-map/definition.js';

/** Every node type, in palette order. */
export const NODE_TYPES: readonly NodeDefinition[] = [
  sourceNode,
  filterNode,
  fieldMapNode,
  statusMapNode,
  lookupNode,
  destinationNode,
] as unknown as readonly NodeDefinition[];

const byType = new Map(NODE_TYPES.map((definition) => [definition.type, definition]));

export const nodeDefinition = (type: string): NodeDefinition | undefined => byType.get(type);

/** The node types as the flow compiler sees them. */
export const nodeCatalog: NodeCatalog = {
  get: (type) => byType.get(type) as NodeTypeSpec | undefined,
};

/** The node types as the editor reads them (`GET /api/node-types`): config as JSON Schema, UI hints. */
export function nodeTypesJson() {
  return NODE_TYPES.map((definition) => ({
    type: definition.type,
    label: definition.label,
    icon: definition.icon,
    category: definition.category,
    description: definition.description,
    ports: definition.ports,
    ui: definition.ui,
    configSchema: z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }),
  }));
}

/** Every expression a plan's stages need compiled into its sandbox, by expression id. */
export function planExpressions(plan: Pick<Plan, 'stages'>): Record<string, string> {
  const expressions: Record<string, string> = {};
  for (const stage of plan.stages) {
    const definition = byType.get(stage.type);
    if (definition?.expressions)
      Object.assign(expressions, definition.expressions(stage.config as never, stage.nodeId));
  }
  return expressions;
}
