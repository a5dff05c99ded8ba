import type { z } from 'zod';
import type { ExceptionKind, Logger, NodeTypeSpec } from '@isync/core';
import type { ConnectorProvider } from './connectors/connector.js';
import type { PlanLookups } from './lookup/cache.js';
import type { Sandbox } from './sandbox/index.js';

/** How the editor renders one config field; the form is built from these, never written per node type. */
export type UiWidget =
  | 'connection'
  | 'source-object'
  | 'source-project'
  | 'destination-object'
  | 'source-field'
  | 'destination-field'
  | 'destination-fields'
  | 'json-logic'
  | 'mapping-tables'
  /** A destination field (picked from describe()) and a source value for it: path, template or expression. */
  | 'match-key'
  | 'status-table'
  /** Two-way flows: who wins a conflict on each field written both ways. */
  | 'conflict-policies'
  | 'text'
  | 'number'
  | 'date-range'
  | 'select';

export interface UiHint {
  widget: UiWidget;
  label: string;
  help?: string;
  /** For selects: the choices and their labels. */
  options?: { value: string; label: string }[];
  /** For status tables: which side picks from where. */
  picker?: { from: 'source-status'; to: 'destination-state' };
}

/** A record on its way from the source to the destination, as transform nodes see it. */
export interface FlowItem {
  recordId: string;
  sourceId: string;
  /** The pulled source record. */
  source: Record<string, unknown>;
  /** `create` for a record not yet in the destination, `update` for one that is. */
  operation: 'create' | 'update';
  destinationId: string | null;
  /** The destination fields set so far by the nodes upstream. */
  fields: Record<string, unknown>;
}

export interface ItemFailure {
  item: FlowItem;
  kind: ExceptionKind;
  message: string;
}

export interface TransformResult {
  out: FlowItem[];
  skipped: { item: FlowItem; reason: string }[];
  failed: ItemFailure[];
}

/** What a runtime may use; nothing else (no globals, no hidden I/O). */
export interface RuntimeContext {
  nodeId: string;
  runId: string | null;
  logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** The plan's expression sandbox (null when the plan has no expressions). */
  sandbox: Sandbox | null;
  connectors: ConnectorProvider;
  /** Lives for one run: lookups cache their answers here. */
  runCache: Map<string, unknown>;
  /** Lives across the runs of the plan version (when the process keeps one): lookups keep what they found. */
  planLookups?: PlanLookups;
  signal: AbortSignal;
}

export type TransformRuntime<C> = (
  items: FlowItem[],
  config: C,
  context: RuntimeContext,
) => Promise<TransformResult>;

/**
 * A node type, described once: the compiler validates with it, the executor runs it, the editor renders
 * its palette entry and config form from it.
 */
export interface NodeDefinition<S extends z.ZodObject = z.ZodObject> extends NodeTypeSpec<z.infer<S>> {
  /** A Material icon name for the palette and the canvas. */
  icon: string;
  description: string;
  config: S;
  ui: { order: readonly (keyof z.infer<S> & string)[]; fields: { [K in keyof z.infer<S>]?: UiHint } };
  /** Expression sources the plan's sandbox must compile, by expression id. */
  expressions?(config: z.infer<S>, nodeId: string): Record<string, string>;
  /** A transform node's runtime: a batch of items in; what goes on, what is skipped and what fails out. */
  run?: TransformRuntime<z.infer<S>>;
}

export const defineNode = <S extends z.ZodObject>(definition: NodeDefinition<S>): NodeDefinition<S> =>
  definition;

/** An empty result to fill in. */
export const emptyResult = (): TransformResult => ({ out: [], skipped: [], failed: [] });
