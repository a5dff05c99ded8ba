import type { RunSummary } from '@isync/core';

/** How many runs (of one integration) started before the one before them had finished. */
export function overlaps(runs: readonly RunSummary[]): number {
  const spans = runs
    .map(
      (run) => [Date.parse(run.startedAt), Date.parse(run.finishedAt ?? new Date().toISOString())] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  return spans.filter((span, i) => i > 0 && span[0] < spans[i - 1]![1]).length;
}
