import {
  startNuvolo,
  startPlanGrid,
  WORK_ORDERS,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import type {
  Answer,
  Envelope,
  Pair as Which,
  RequestStats,
  SimRequest,
  SimulatorUrls,
  WorkOrderCounts,
} from './protocol.js';

/*
 * The simulators of the sync bench, in their own process: their memory is not the sync's, and they run
 * on the other core. The bench drives this process over Node IPC (see protocol.ts).
 */

interface Pair {
  plangrid: RunningSimulator<PlanGridControl>;
  nuvolo: RunningSimulator<NuvoloControl>;
}

const pairs = new Map<Which, Pair>();

async function startPair(
  which: Which,
  records: number,
  limitPerSecond: number | null,
): Promise<SimulatorUrls> {
  if (pairs.has(which)) throw new Error(`the ${which} simulators are already running`);
  // PlanGrid splits its issues over two projects; the flow syncs the first, which gets the odd one out.
  const plangrid = await startPlanGrid({ records: records * 2, rfis: 0, rateLimit: false });
  const nuvolo = await startNuvolo({
    records: 0,
    rateLimit:
      limitPerSecond === null ? false : { requestType: 'all', limit: limitPerSecond, windowSeconds: 1 },
    // Enough to hold every request of the rate-limited run; the main run only needs the recent ones.
    requestLogSize: limitPerSecond === null ? 1_000 : 50_000,
  });
  pairs.set(which, { plangrid, nuvolo });
  const project = plangrid.control.projects()[0]!.uid;
  const state = plangrid.control.dump().state as {
    projects: { project: { uid: string }; issues: unknown[] }[];
  };
  const projectIssues = state.projects.find((p) => p.project.uid === project)?.issues.length ?? 0;
  return { plangrid: plangrid.url, nuvolo: nuvolo.url, project, projectIssues };
}

function pair(which: Which): Pair {
  const found = pairs.get(which);
  if (!found) throw new Error(`the ${which} simulators are not running`);
  return found;
}

function workOrders(which: Which, rawPrefix: string): WorkOrderCounts {
  const rows = pair(which).nuvolo.control.rows(WORK_ORDERS) as Record<string, unknown>[];
  const seen = new Set<string>();
  let synced = 0;
  let duplicates = 0;
  for (const row of rows) {
    const correlation = String(row.correlation_id ?? '');
    if (correlation.startsWith(rawPrefix)) continue;
    synced += 1;
    if (seen.has(correlation)) duplicates += 1;
    seen.add(correlation);
  }
  return { total: rows.length, synced, duplicates };
}

function nuvoloRequests(which: Which): RequestStats {
  const log = pair(which).nuvolo.control.requests();
  const byStatus: Record<string, number> = {};
  const created: string[] = [];
  let lastPostBody: string | null = null;
  for (const entry of log) {
    byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
    if (entry.method === 'POST' && entry.status === 201) {
      created.push(entry.at);
      if (entry.path.endsWith(`/${WORK_ORDERS}`)) lastPostBody = entry.body ?? null;
    }
  }
  return {
    total: log.length,
    byStatus,
    created: created.length,
    firstCreatedAt: created[0] ?? null,
    lastCreatedAt: created.at(-1) ?? null,
    lastPostBody,
  };
}

async function answer(request: SimRequest): Promise<unknown> {
  switch (request.op) {
    case 'start-main':
      return startPair('main', request.records, null);
    case 'start-limited':
      return startPair('limited', request.records, request.limitPerSecond);
    case 'start-latency': {
      const urls = await startPair('latency', request.records, null);
      pair('latency').nuvolo.control.addFault({
        path: `/api/now/table/${WORK_ORDERS}`,
        method: 'POST',
        fault: 'slow',
        delayMs: request.delayMs,
      });
      return urls;
    }
    case 'start-scale': {
      const urls = await startPair('scale', request.records, null);
      const { plangrid, nuvolo } = pair('scale');
      for (const simulator of [plangrid, nuvolo])
        simulator.control.addFault({ path: '*', fault: 'slow', delayMs: request.delayMs });
      plangrid.control.startChurn({
        perSecond: request.perMinute / 60,
        mix: { create: 1, update: 3, statusChange: 1, delete: 0 },
      });
      return urls;
    }
    case 'work-orders':
      return workOrders(request.which, request.rawPrefix);
    case 'nuvolo-requests':
      return nuvoloRequests(request.which);
    case 'clear-nuvolo-requests':
      pair(request.which).nuvolo.control.clearRequests();
      return null;
  }
}

async function closeAll(): Promise<void> {
  await Promise.all(
    [...pairs.values()].flatMap(({ plangrid, nuvolo }) => [plangrid.close(), nuvolo.close()]),
  );
}

process.on('message', (message: Envelope) => {
  const { id, ...request } = message;
  void answer(request)
    .then(
      (value): Answer => ({ id, ok: true, value }),
      (error: unknown): Answer => ({
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
    )
    .then((reply) => process.send?.(reply));
});
// The bench ends this process by disconnecting (or dying): nothing is left listening.
process.on('disconnect', () => void closeAll().then(() => process.exit(0)));
process.send?.({ id: 0, ok: true, value: 'ready' } satisfies Answer);
