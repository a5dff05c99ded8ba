import type { ExceptionKind, Integration, Run, Store, TenantId } from '@isync/core';

const HOUR_MS = 3_600_000;
const EXCEPTION_KINDS: readonly ExceptionKind[] = ['rate-limit', 'api-5xx', 'mapping', 'timeout'];

export interface HistoryOptions {
  /** How far back the history reaches from `until`. */
  days: number;
  until: Date;
  /** How many of the integrations ran in each hour (they take turns). */
  integrationsPerHour: number;
  /** A finished run whose counts and node traces the seeded runs copy, so rows have a real size. */
  model: Run;
  /** How many of the newest seeded runs carry the model's node traces (older ones were pruned to counts). */
  withTraces: number;
}

/**
 * Months of past syncs written through the store port: finished runs every hour, which `runs.finish`
 * rolls up into that hour's insights, and a few exceptions every six hours. Answers how many runs and
 * exceptions it wrote.
 */
export async function seedRunHistory(
  store: Store,
  tenantId: TenantId,
  integrations: readonly Integration[],
  options: HistoryOptions,
): Promise<{ runs: number; exceptions: number }> {
  const { days, until, integrationsPerHour, model, withTraces } = options;
  const hours = days * 24;
  const total = hours * integrationsPerHour;
  const firstHour = Math.floor(until.getTime() / HOUR_MS) * HOUR_MS - hours * HOUR_MS;
  let runs = 0;
  let exceptions = 0;
  for (let hour = 0; hour < hours; hour++) {
    for (let turn = 0; turn < integrationsPerHour; turn++) {
      const integration = integrations[(hour * integrationsPerHour + turn) % integrations.length]!;
      const startedAt = new Date(firstHour + hour * HOUR_MS + 60_000 + turn * 1_000);
      const failing = (hour + turn) % 6 === 0;
      const run = await store.runs.start(
        tenantId,
        {
          integrationId: integration.id,
          planVersion: integration.planVersion ?? 1,
          trigger: 'schedule',
          cursorBefore: model.cursorBefore,
        },
        startedAt,
      );
      runs += 1;
      await store.runs.finish(
        tenantId,
        run.id,
        {
          status: failing ? 'partial' : 'succeeded',
          counts: { ...model.counts, failed: failing ? 2 : 0 },
          cursorAfter: model.cursorAfter,
          nodeTraces: total - runs < withTraces ? model.nodeTraces : [],
        },
        new Date(startedAt.getTime() + 4_000),
      );
      if (!failing) continue;
      const kind = EXCEPTION_KINDS[(hour + turn) % EXCEPTION_KINDS.length]!;
      const entry = {
        integrationId: integration.id,
        runId: run.id,
        phase: 'push' as const,
        kind,
        message: `Nuvolo answered ${kind} for a work order`,
        httpStatus: kind === 'rate-limit' ? 429 : null,
        responseSnippet: null,
        nodeId: 'destination',
        recordId: null,
        at: new Date(startedAt.getTime() + 2_000).toISOString(),
      };
      await store.exceptions.add(tenantId, [entry, entry]);
      exceptions += 2;
    }
  }
  return { runs, exceptions };
}
