/** A timestamp as the user reads it: local date and time to the second. */
export const formatTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '—';

export const formatDuration = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

export const runDuration = (run: { startedAt: string; finishedAt: string | null }): number | null =>
  run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
