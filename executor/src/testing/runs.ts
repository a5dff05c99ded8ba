import type { RunSummary } from '@isync/core';

/**
 * How many runs (of one integration) started before the one before them had finished. Skipped ticks are not
 * runs: they are recorded at the moment they met a run going.
 */
export function overlaps(runs: readonly RunSummary[]): number {
  const spans = runs
    .filter((run) => run.status !== 'skipped')
    .map(
      (run) => [Date.parse(run.startedAt), Date.parse(run.finishedAt ?? new Date().toISOString())] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  return spans.filter((span, i) => i > 0 && span[0] < spans[i - 1]![1]).length;
}
