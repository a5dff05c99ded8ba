import { redactObject, type NodeTrace, type PlanStage } from '@isync/core';

const MAX_SAMPLES = 5;

/** Accumulates each node's counts, time and first few samples over a run. */
export class TraceBook {
  private readonly traces = new Map<string, NodeTrace>();
  /** Where each node's counted time ends (performance.now()), for spans that overlap. */
  private readonly busyUntil = new Map<string, number>();

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
    if (counts.startedAt === undefined) trace.durationMs += counts.durationMs;
    else {
      const end = counts.startedAt + counts.durationMs;
      const counted = this.busyUntil.get(nodeId) ?? -Infinity;
      trace.durationMs += Math.max(0, end - Math.max(counts.startedAt, counted));
      this.busyUntil.set(nodeId, Math.max(end, counted));
    }
    for (const sample of samples) {
      if (trace.samples.length >= MAX_SAMPLES) break;
      trace.samples.push({ input: redactObject(sample.input), output: redactObject(sample.output) });
    }
  }

  list(): NodeTrace[] {
    return [...this.traces.values()].map((trace) => ({ ...trace, durationMs: Math.round(trace.durationMs) }));
  }
}
