import type { z } from 'zod';
import type { FlowNode } from '../domain/flow.js';

export type ProblemSeverity = 'error' | 'warning';

/** One thing wrong with a flow, pinned to the node (and config field) a user must change. */
export interface CompileProblem {
  nodeId: string | null;
  field: string | null;
  severity: ProblemSeverity;
  message: string;
  /** The edges the problem is about (e.g. the two inputs of a single-input node), for the canvas to mark. */
  edgeIds?: string[];
}

export type FieldType =
  'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'reference' | 'choice' | 'object' | 'array';

/** A field of an external system's object, as its connector describes it for pickers and validation. */
export interface FieldDescription {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** For references: the table the value points into. */
  reference?: string;
  choices?: { value: string; label: string }[];
  /** How the system writes the value, e.g. ServiceNow datetimes `YYYY-MM-DD HH:mm:ss` (UTC). */
  format?: string;
}

export interface ObjectDescription {
  name: string;
  label: string;
  fields: FieldDescription[];
  /** The object's own status values (PlanGrid issue statuses, RFI statuses, ServiceNow state choices). */
  statuses: { value: string; label: string }[];
  /** The field that holds the status (e.g. `status`, `state`). */
  statusField: string | null;
  /** False for objects a source cannot sync, only look up (e.g. PlanGrid's project team). */
  syncable?: boolean;
}

/** A container a system keeps its records in (a PlanGrid project), as a picker lists it. */
export interface ProjectDescription {
  id: string;
  name: string;
}

export interface SystemDescription {
  system: string;
  objects: ObjectDescription[];
  /** Where records live in projects (PlanGrid): the projects the connection's account can reach. */
  projects?: ProjectDescription[];
}

/** What the compiler knows of the world outside the flow. */
export interface CompileEnvironment {
  /** The source connection's description (from its connector's `describe()`), when known. */
  source?: SystemDescription;
  destination?: SystemDescription;
  /** Answers why an expression does not compile, or null when it does. */
  checkExpression(source: string): string | null;
}

export type NodeCategory = 'source' | 'transform' | 'destination';

/** What a node type's own validation sees: its parsed config, and the flow's source and destination configs. */
export interface NodeValidationContext {
  node: FlowNode;
  environment: CompileEnvironment;
  /** Parsed config of the flow's source node, when it parsed. */
  sourceConfig: Record<string, unknown> | undefined;
  /** Parsed config of the destination this node leads to, when it parsed. */
  destinationConfig: Record<string, unknown> | undefined;
}

/** A problem a node type reports about its own config; the compiler adds the node id. */
export type NodeProblem = Omit<CompileProblem, 'nodeId'>;

/**
 * A node type's ports and how many edges may meet them. Records take one path through a flow: a node with
 * two inputs would let records reach it around the nodes on one of them.
 */
export interface NodePorts {
  in: readonly string[];
  out: readonly string[];
  /** How many edges may come in (null: any). */
  maxInputs: number | null;
  /** How many edges may go out (null: any). */
  maxOutputs: number | null;
}

/** The compiler's view of a node type (the node library's definitions satisfy it). */
/**
 * What the compiler reads of a node type, over its parsed config `C`. The node library's definitions extend
 * it (nodes/src/definition.ts `NodeDefinition`) with what the editor and the executor need; it is said once.
 */
export interface NodeTypeSpec<C = never> {
  type: string;
  label: string;
  category: NodeCategory;
  ports: NodePorts;
  config: z.ZodType;
  /** Checks beyond the schema: fields that exist in the destination, expressions that compile, … */
  validate?(config: C, context: NodeValidationContext): NodeProblem[];
  /** For destination nodes: the object (table) it writes to, whose required fields must be set on create. */
  target?(config: C): string;
  /** The destination fields this node sets on create or update (for the required-fields check). */
  writes?(config: C, operation: 'create' | 'update'): string[];
  /**
   * The fields this node sets on update, each with the source record's top-level fields its value reads
   * (two-way sync: a field read by one direction and written by the other is written both ways).
   */
  reads?(config: C): Record<string, string[]>;
  /** Resolves what the plan stage needs from the environment (e.g. destination field types). */
  resolve?(config: C, context: NodeValidationContext): Record<string, unknown>;
}

export interface NodeCatalog {
  get(type: string): NodeTypeSpec | undefined;
}
