import type { RunCounts } from '@isync/core';

/** Records a run has finished with so far: pushed one way or another, left as they were, or failed. */
export const doneCount = (counts: RunCounts): number =>
  counts.created +
  counts.linked +
  counts.updated +
  counts.unchanged +
  counts.skipped +
  counts.failed +
  counts.recovered;

/** How often screens ask again while a run they show has not ended. */
export const LIVE_POLL_MS = 1500;

/** Polls only while something shown is queued or running: a finished list never changes by itself. */
export const pollWhile = (unfinished: boolean) => ({ pollingInterval: unfinished ? LIVE_POLL_MS : 0 });

/** A run that has not ended yet: waiting for its turn, or going. */
export const isUnfinished = (run: { status: string } | undefined): boolean =>
  run?.status === 'queued' || run?.status === 'running';
