import type { PlanStage } from '@isync/core';
import {
  nodeDefinition,
  type FlowItem,
  type RuntimeContext,
  type TransformResult,
  type TransformRuntime,
} from '@isync/nodes';

/** A plan names a node type this executor cannot run (a newer plan on an older executor). */
export class UnknownStageError extends Error {}

/** One transform stage run over a batch. */
export interface StageOutcome {
  stage: PlanStage;
  input: FlowItem[];
  result: TransformResult;
  durationMs: number;
}

/** Where the batch arrives after the transforms: the destination stage and the items that reach it. */
export interface Transformed {
  destination: PlanStage | null;
  items: FlowItem[];
}

/**
 * Takes a batch from the source through every transform stage of the plan, in plan order; each stage gets
 * what its inputs let through (once per record where branches meet). `settle` is told each stage's outcome
 * before the next one runs: a run stores skips and failures there, a test run keeps them to show.
 */
export async function transform(
  stages: readonly PlanStage[],
  sourceItems: FlowItem[],
  contextOf: (stage: PlanStage) => RuntimeContext,
  settle: (outcome: StageOutcome) => Promise<void> | void,
): Promise<Transformed> {
  const source = stages.find((stage) => stage.type === 'source');
  const outputs = new Map<string, FlowItem[]>(source ? [[source.nodeId, sourceItems]] : []);
  for (const stage of stages) {
    if (stage === source) continue;
    const input = uniqueItems(stage.inputs.flatMap((id) => outputs.get(id) ?? []));
    if (stage.type === 'destination') return { destination: stage, items: input };
    if (input.length === 0) continue;
    // A node type's runtime sits on its definition.
    const runtime = nodeDefinition(stage.type)?.run as TransformRuntime<unknown> | undefined;
    if (!runtime) throw new UnknownStageError(`The node type "${stage.type}" cannot run here.`);
    const started = performance.now();
    const result = await runtime(input, stage.config, contextOf(stage));
    await settle({ stage, input, result, durationMs: performance.now() - started });
    outputs.set(stage.nodeId, result.out);
  }
  return { destination: null, items: [] };
}

/** Where branches of a flow meet, a record arrives once. */
function uniqueItems(items: FlowItem[]): FlowItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.recordId) && seen.add(item.recordId));
}
