import type {
  IntegrationId,
  Logger,
  NewException,
  PlanStage,
  PulledRecord,
  RunCounts,
  RunId,
  Store,
  TenantId,
} from '@isync/core';
import {
  classify,
  pullPages,
  type ConnectorProvider,
  type Failure,
  type SourceConfig,
  type SourceRecordShape,
} from '@isync/nodes';
import { toPulledRecord } from './pulled-record.js';
import type { PullFeed } from './pull-feed.js';
import { RunAborted, type RunStops } from './stop.js';
import type { TraceBook } from './traces.js';
import { storeCounterparts, type PairRun } from './two-way/pairs.js';

/** What pulling needs of its run. */
export interface PullRun {
  store: Store;
  tenantId: TenantId;
  integrationId: IntegrationId;
  runId: RunId;
  connectors: ConnectorProvider;
  stops: RunStops;
  logger: Pick<Logger, 'warn'>;
  counts: RunCounts;
  traces: TraceBook;
  /** Pulled records stored together (source pages are small, each store transaction costs a commit). */
  storeBatchSize: number;
  exception(entry: Omit<NewException, 'integrationId' | 'runId' | 'at'>): void;
  saveProgress(): Promise<unknown>;
  /** Two-way: leaves out iSync's own writes to the source coming back, before a page is stored. */
  quietEchoes?: (pulled: PulledRecord[]) => Promise<{ changes: PulledRecord[]; quiet: number }>;
  /** One-way: the push running beside the pull, told of every page stored. */
  feed?: PullFeed;
}

/** A direction's high-water mark, moved by the pull as pages are stored (the run saves where it got). */
export interface PullPosition {
  cursor: string | null;
}

/** Pulled pages waiting to be stored: their records, the cursor after the last, time spent on them. */
interface PulledPages {
  records: PulledRecord[];
  cursor: string | null;
  spentMs: number;
}

export const failureFields = (failure: Failure) => ({
  kind: failure.kind,
  message: failure.message,
  httpStatus: failure.httpStatus,
  responseSnippet: failure.responseSnippet,
});

/**
 * Pulls the source page by page into the record store from `position`, storing pages together and moving the
 * cursor only after they are stored. A stop finishes the pages in hand; a failure keeps the whole pages
 * pulled before it, tells an exception and ends the run.
 */
export async function pullSource(
  run: PullRun,
  stage: PlanStage,
  shape: SourceRecordShape,
  position: PullPosition,
): Promise<void> {
  const config = stage.config as SourceConfig;
  const pending: PulledPages = { records: [], cursor: null, spentMs: 0 };
  const store = () => storePulled(run, stage, pending, position);
  try {
    for await (const page of pullPages(config, position.cursor, {
      connectors: run.connectors,
      signal: run.stops.signal,
    })) {
      const started = performance.now();
      pending.records.push(...page.records.map((raw) => toPulledRecord(raw, shape)));
      pending.cursor = page.cursor ?? pending.cursor;
      pending.spentMs += performance.now() - started;
      run.traces.add(
        stage.nodeId,
        { durationMs: 0 },
        page.records.map((record) => ({ input: null, output: record })),
      );
      // The first page is stored alone when a push runs beside the pull: it waits for it to begin.
      const first = run.counts.pulled === 0 && run.feed !== undefined;
      if (run.stops.asked || first || pending.records.length >= run.storeBatchSize) await store();
      run.stops.throwIfAsked();
    }
    await store();
  } catch (error) {
    if (error instanceof RunAborted) throw error;
    // An abort abandons the request in flight: the run stops for that reason, not a source failure.
    if (run.stops.signal.aborted) {
      await store().catch(() => undefined);
      throw new RunAborted(run.stops.message());
    }
    // Whole pages pulled before the failure are kept, so the next run need not pull them again.
    await store().catch((e: unknown) => run.logger.warn({ err: e }, 'pulled pages not stored'));
    throw failed(run, stage, error, 'Pulling from the source failed');
  }
}

/** Stores the pages pulled so far in one transaction, then moves the cursor past them. */
async function storePulled(
  run: PullRun,
  stage: PlanStage,
  pending: PulledPages,
  position: PullPosition,
): Promise<void> {
  if (pending.records.length === 0 && pending.cursor === null) return;
  const started = performance.now();
  const pulled = pending.records.splice(0);
  const cursor = pending.cursor;
  pending.cursor = null;
  run.counts.pulled += pulled.length;
  let changes = pulled;
  if (run.quietEchoes && pulled.length > 0) {
    const sorted = await run.quietEchoes(pulled);
    run.counts.unchanged += sorted.quiet;
    changes = sorted.changes;
  }
  if (changes.length > 0) {
    const write = () => run.store.records.upsertPulled(run.tenantId, run.integrationId, changes, run.runId);
    const stored = run.feed
      ? await run.feed.store(
          changes.map((record) => record.sourceId),
          write,
        )
      : await write();
    run.counts.new += stored.created;
    run.counts.changed += stored.changed;
    run.counts.unchanged += stored.unchanged;
  }
  await run.saveProgress();
  if (cursor && cursor !== position.cursor) {
    await run.store.integrations.saveCursor(run.tenantId, run.integrationId, cursor);
    position.cursor = cursor;
  }
  run.traces.add(stage.nodeId, {
    out: pulled.length,
    durationMs: pending.spentMs + performance.now() - started,
  });
  pending.spentMs = 0;
}

/**
 * Two-way: pulls the way back's source (the destination's records) from its own cursor, page by page, onto
 * the pairs they are linked to; the cursor moves once each page is stored.
 */
export async function pullCounterparts(
  run: PullRun,
  pairs: PairRun,
  stage: PlanStage,
  shape: SourceRecordShape,
  position: PullPosition,
): Promise<void> {
  const config = stage.config as SourceConfig;
  try {
    for await (const page of pullPages(config, position.cursor, {
      connectors: run.connectors,
      signal: run.stops.signal,
    })) {
      const started = performance.now();
      const stored = await storeCounterparts(pairs, page.records, shape);
      run.counts.pulled += page.records.length;
      run.counts.changed += stored.changed;
      run.counts.unchanged += stored.unchanged + stored.unlinked;
      if (page.cursor && page.cursor !== position.cursor) {
        await run.store.integrations.saveCursor(run.tenantId, run.integrationId, page.cursor, 'reverse');
        position.cursor = page.cursor;
      }
      run.traces.add(
        stage.nodeId,
        { out: page.records.length, durationMs: performance.now() - started },
        page.records.map((record) => ({ input: null, output: record })),
      );
      run.stops.throwIfAsked();
    }
  } catch (error) {
    if (error instanceof RunAborted) throw error;
    if (run.stops.signal.aborted) throw new RunAborted(run.stops.message());
    throw failed(run, stage, error, 'Pulling back from the destination failed');
  }
}

/** A source that failed: its exception told, its trace counted, the run ended with what happened. */
function failed(run: PullRun, stage: PlanStage, error: unknown, what: string): RunAborted {
  const failure = classify(error);
  run.exception({ phase: 'pull', ...failureFields(failure), nodeId: stage.nodeId, recordId: null });
  run.traces.add(stage.nodeId, { failed: 1, durationMs: 0 });
  return new RunAborted(`${what}: ${failure.message}`);
}
