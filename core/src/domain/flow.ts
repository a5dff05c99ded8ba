import { z } from 'zod';

export const FLOW_SCHEMA_VERSION = 1;

/** A node as React Flow stores it, with the node type's configuration in `data.config`. */
export const FlowNodeSchema = z.object({
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  data: z.object({
    label: z.string().max(200).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type FlowNode = z.infer<typeof FlowNodeSchema>;

export const FlowEdgeSchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
  sourceHandle: z.string().max(64).nullable().optional(),
  targetHandle: z.string().max(64).nullable().optional(),
});
export type FlowEdge = z.infer<typeof FlowEdgeSchema>;

export const FlowSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  nodes: z.array(FlowNodeSchema).max(200),
  edges: z.array(FlowEdgeSchema).max(400),
});
export type Flow = z.infer<typeof FlowSchema>;

export const emptyFlow = (): Flow => ({ schemaVersion: FLOW_SCHEMA_VERSION, nodes: [], edges: [] });
