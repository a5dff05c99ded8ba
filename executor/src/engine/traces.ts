import { redactObject, type NodeTrace, type PlanStage } from '@isync/core';

const MAX_SAMPLES = 5;

/** Accumulates each node's counts, time and first few samples over a run. */
export class TraceBook {
  private readonly traces = new Map<string, NodeTrace>();
  /** Each node's counted spans (performance.now()), apart and in order, for spans that overlap. */
  private readonly counted = new Map<string, [number, number][]>();

  constructor(stages: readonly PlanStage[]) {
    for (const stage of stages) {
      this.traces.set(stage.nodeId, {
        nodeId: stage.nodeId,
        type: stage.type,
        in: 0,
        out: 0,
        skipped: 0,
        failed: 0,
        durationMs: 0,
        samples: [],
      });
    }
  }

  add(
    nodeId: string,
    counts: {
      in?: number;
      out?: number;
      skipped?: number;
      failed?: number;
      durationMs: number;
      /**
       * When the span began (performance.now()): spans of one node that overlap (batches pushed while the last
       * one finishes) count their shared time once, so a node's time never exceeds the run's.
       */
      startedAt?: number;
    },
    samples: { input: unknown; output: unknown }[] = [],
  ): void {
    const trace = this.traces.get(nodeId);
    if (!trace) return;
    trace.in += counts.in ?? 0;
    trace.out += counts.out ?? 0;
    trace.skipped += counts.skipped ?? 0;
    trace.failed += counts.failed ?? 0;
    trace.durationMs +=
      counts.startedAt === undefined
        ? counts.durationMs
        : this.uncounted(nodeId, counts.startedAt, counts.startedAt + counts.durationMs);
    for (const sample of samples) {
      if (trace.samples.length >= MAX_SAMPLES) break;
      trace.samples.push({ input: redactObject(sample.input), output: redactObject(sample.output) });
    }
  }

  /** How much of [start, end] no counted span of the node covers yet; the span is counted from now on. */
  private uncounted(nodeId: string, start: number, end: number): number {
    const spans = this.counted.get(nodeId) ?? [];
    let covered = 0;
    let merged: [number, number] = [start, end];
    const apart: [number, number][] = [];
    for (const [from, to] of spans) {
      if (to < start || from > end) {
        apart.push([from, to]);
        continue;
      }
      covered += Math.min(to, end) - Math.max(from, start);
      merged = [Math.min(merged[0], from), Math.max(merged[1], to)];
    }
    apart.push(merged);
    this.counted.set(
      nodeId,
      apart.sort((a, b) => a[0] - b[0]),
    );
    return end - start - covered;
  }

  list(): NodeTrace[] {
    return [...this.traces.values()].map((trace) => ({ ...trace, durationMs: Math.round(trace.durationMs) }));
  }
}
