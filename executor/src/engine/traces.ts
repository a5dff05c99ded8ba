import { redactObject, type NodeTrace, type PlanStage } from '@isync/core';

const MAX_SAMPLES = 5;

/** Accumulates each node's counts, time and first few samples over a run. */
export class TraceBook {
  private readonly traces = new Map<string, NodeTrace>();

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
    counts: { in?: number; out?: number; skipped?: number; failed?: number; durationMs: number },
    samples: { input: unknown; output: unknown }[] = [],
  ): void {
    const trace = this.traces.get(nodeId);
    if (!trace) return;
    trace.in += counts.in ?? 0;
    trace.out += counts.out ?? 0;
    trace.skipped += counts.skipped ?? 0;
    trace.failed += counts.failed ?? 0;
    trace.durationMs += counts.durationMs;
    for (const sample of samples) {
      if (trace.samples.length >= MAX_SAMPLES) break;
      trace.samples.push({ input: redactObject(sample.input), output: redactObject(sample.output) });
    }
  }

  list(): NodeTrace[] {
    return [...this.traces.values()].map((trace) => ({ ...trace, durationMs: Math.round(trace.durationMs) }));
  }
}
