import { readdirSync, readFileSync } from 'node:fs';
import type { Integration, RunSummary, Store } from '@isync/core';
import { offsetFor } from '@isync/executor';
import { EVERY_MINUTE } from './world.js';

/** The processes of this machine: parent and CPU ticks (user + system) of each, from /proc. */
function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  return table;
}

/**
 * CPU seconds (user + system) of `root` and the processes below it (its sandbox hosts), leaving out
 * `leaveOut` and what runs below that (the simulators, when the root is the bench itself).
 */
export function treeCpuSeconds(root: number, leaveOut?: number): number {
  const table = processTable();
  const inTree = (pid: number): boolean => {
    for (let at = pid, hops = 0; hops < 10; hops++) {
      if (at === leaveOut) return false;
      if (at === root) return true;
      const parent = table.get(at)?.ppid;
      if (parent === undefined || parent <= 1) return false;
      at = parent;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, { ticks: own }] of table) if (inTree(pid)) ticks += own;
  return ticks / 100; // USER_HZ
}

/** A process's resident memory in bytes now (0 once it has ended). */
export function rssBytes(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export const megabytes = (bytes: number) => bytes / 1024 / 1024;

async function runsBetween(store: Store, tenantId: string, from: string, to: string): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.runs.list(tenantId, { from, to }, { limit: 500, ...(cursor && { cursor }) });
    runs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return runs;
}

export interface ScheduleFigures {
  /** Scheduled runs due in the judged minutes. */
  scheduled: RunSummary[];
  /** Their starts after their due times, in seconds, ascending. */
  lags: number[];
  judgedMinutes: number;
  skipped: number;
  /** Runs that failed for another reason than the measure's end stopping them. */
  failed: RunSummary[];
}

/**
 * Judges the runs of a measured window: each scheduled run by its due time (its minute plus its
 * integration's spread offset); those due in the window's whole minutes but the last (whose runs may start
 * after the window) count.
 */
export async function scheduleFigures(
  store: Store,
  integrations: readonly Integration[],
  from: string,
  to: string,
): Promise<ScheduleFigures> {
  const offsets = new Map(integrations.map((i) => [i.id, offsetFor(i.id, EVERY_MINUTE, 'UTC')]));
  const tenants = [...new Set(integrations.map((i) => i.tenantId))];
  const runs = (await Promise.all(tenants.map((t) => runsBetween(store, t, from, to)))).flat();
  const judgedUntil = Date.parse(to) - 60_000;
  const due = runs
    .filter((run) => run.trigger === 'schedule' && run.status !== 'skipped')
    .map((run) => {
      const offset = offsets.get(run.integrationId) ?? 0;
      const startedAt = Date.parse(run.startedAt);
      const dueAt = Math.floor((startedAt - offset) / 60_000) * 60_000 + offset;
      return { run, dueAt, lag: (startedAt - dueAt) / 1000 };
    })
    .filter(({ dueAt }) => dueAt >= Date.parse(from) && dueAt < judgedUntil);
  const scheduled = due.map(({ run }) => run);
  return {
    scheduled,
    lags: due.map(({ lag }) => lag).sort((a, b) => a - b),
    judgedMinutes: (judgedUntil - Date.parse(from)) / 60_000,
    skipped: runs.filter((run) => run.status === 'skipped').length,
    failed: scheduled.filter((run) => run.status === 'failed' && !run.error?.includes('shut down')),
  };
}

export function report(
  name: string,
  value: number,
  unit: string,
  digits: number,
  target: string,
  met?: boolean,
) {
  const verdict = met === undefined ? '' : `: ${met ? 'met' : 'MISSED'}`;
  console.log(`BENCH ${name} ${value.toFixed(digits)} ${unit}  # ${target}${verdict}`);
}
