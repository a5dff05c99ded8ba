import type { LimitFunction } from 'p-limit';
import type {
  FailedRecord,
  Logger,
  NewException,
  PlanStage,
  PushedRecord,
  RunCounts,
  RunId,
  Store,
  SyncRecord,
  TenantId,
} from '@isync/core';
import {
  afterFailure,
  classify,
  decideMatches,
  matchKeys,
  refusal,
  type Failure,
  needsMatch,
  needsPushIntent,
  pushItem,
  type ConnectorProvider,
  type Connector,
  type DestinationConfig,
  type DestinationRef,
  type FlowItem,
  type LinkCandidate,
  type Sandbox,
} from '@isync/nodes';
import type { EngineOptions, RunObserver } from './options.js';
import type { TraceBook } from './traces.js';

/** What pushing a batch needs of the run it belongs to: where it stores, counts, traces and reports. */
export interface PushRun {
  store: Store;
  tenantId: TenantId;
  runId: RunId;
  options: Pick<EngineOptions, 'maxAttempts' | 'retryBaseMs'>;
  /**
   * The run's writes in flight, at most `pushConcurrency`: one limiter for the whole run, so batches that
   * overlap (the next begins while the last finishes) never send more at once.
   */
  writes: LimitFunction;
  connectors: ConnectorProvider;
  sandbox: Sandbox | null;
  signal: AbortSignal;
  logger: Pick<Logger, 'info'>;
  clock: () => Date;
  counts: RunCounts;
  traces: TraceBook;
  observer?: RunObserver | undefined;
  exception(entry: Omit<NewException, 'integrationId' | 'runId' | 'at'>): void;
  /** Told each record the push wrote, with the destination's answer (two-way runs keep both sides). */
  onPushed?: (record: SyncRecord, ref: DestinationRef, operation: PushedOutcome) => void;
  /** Told when the last write of a batch has gone out (the run may then begin the next batch). */
  onLastWriteSent?: () => void;
  /**
   * The "match existing records by" keys this run's creates have taken, each with the source record that
   * took it: a second record with the same key is refused, not written (batches overlap, so a record's create
   * may not have landed when the next batch looks its key up).
   */
  keysTaken: Map<string, string>;
}

export type PushedOutcome = 'created' | 'recovered' | 'updated' | 'linked';

/** The records of a pushed batch that go through the flow once more. */
export interface PushedBatch {
  /** Their destination record was deleted: mapped and pushed again as creates. */
  vanished: SyncRecord[];
  /** Just linked to an existing destination record: mapped and pushed again as updates. */
  linked: SyncRecord[];
}

export interface PushOptions {
  /**
   * The batch holds records linked a moment ago, going through as updates: only those whose update
   * mapping sets something are sent (a link with nothing to update stays linked).
   */
  afterLink?: boolean;
}

type Outcome = 'created' | 'recovered' | 'updated' | 'linked' | 'failed';

/**
 * Pushes one batch to a destination node: the push intents of every create it holds are written together
 * before any is sent (exactly once: a crash after a create leaves the intent, and the next run looks the
 * record up by correlation first); creates with a "match existing records by" key are looked up together
 * (one `findMany` per batch) and linked where found; the pushes go out through the run's write limiter, and
 * their outcomes are stored together once the batch is through.
 */
export async function pushToDestination(
  run: PushRun,
  stage: PlanStage,
  batch: FlowItem[],
  records: ReadonlyMap<string, SyncRecord>,
  { afterLink = false }: PushOptions = {},
): Promise<PushedBatch> {
  const config = stage.config as DestinationConfig;
  const items = afterLink ? batch.filter((item) => Object.keys(item.fields).length > 0) : batch;
  const result: PushedBatch = { vanished: [], linked: [] };
  if (items.length === 0) return result;
  const connector = await run.connectors.get(config.connectionId);
  const { tenantId, runId } = run;
  const started = performance.now();
  // `in` counts the writes the node dealt with: those an abort cut short or kept from going out are taken back
  // (their records wait as they were), so the node's trace adds up to what it did.
  const trace = { in: items.length, out: 0, skipped: 0, failed: 0 };
  const samples: { input: unknown; output: unknown }[] = [];
  const pushed: PushedRecord[] = [];
  const failed: FailedRecord[] = [];

  const fail = (record: SyncRecord, failure: Failure) => {
    // A run aborted under a write cannot tell its outcome: the record waits as it was (its intent makes the
    // next run look for what may have landed before it writes again).
    if (run.signal.aborted) {
      trace.in -= 1;
      return;
    }
    const attempts = record.attempts + 1;
    const at = run.clock();
    const next = afterFailure(failure, attempts, { now: at, ...run.options });
    failed.push({ recordId: record.id, runId, error: next.message, nextAttemptAt: next.nextAttemptAt, at });
    run.exception({
      phase: 'push',
      kind: failure.kind,
      message: next.message,
      httpStatus: failure.httpStatus,
      responseSnippet: failure.responseSnippet,
      nodeId: stage.nodeId,
      recordId: record.id,
    });
  };

  const intents = new Set(items.filter((item) => needsPushIntent(item, config)).map((item) => item.recordId));
  if (intents.size > 0 && !run.signal.aborted)
    await run.store.records.markPushIntents(tenantId, [...intents], run.clock());

  const observe = (outcome: Outcome, since: number) =>
    run.observer?.pushed(outcome, (performance.now() - since) / 1000);

  let sent = 0;
  const pushOne = async (item: FlowItem, candidate: LinkCandidate | undefined, of: number) => {
    if ((sent += 1) === of) run.onLastWriteSent?.();
    // Aborted while it waited for its turn: never sent, the record waits for the next run as it was.
    if (run.signal.aborted) {
      trace.in -= 1;
      return;
    }
    const record = records.get(item.recordId)!;
    const since = performance.now();
    try {
      const outcome = await pushItem(item, config, {
        connector,
        intent: {
          started: record.pushIntentAt !== null,
          // Written with the batch's, unless an update turned into a create (its target vanished).
          record: async () => {
            if (!intents.has(record.id)) await run.store.records.markPushIntent(tenantId, record.id);
          },
        },
        signal: run.signal,
        candidate,
      });
      switch (outcome.outcome) {
        case 'vanished':
          run.logger.info(
            { recordId: record.id, destinationId: record.destinationId },
            'the destination record was deleted; creating it again',
          );
          result.vanished.push(record);
          return;
        case 'skipped':
          await run.store.records.markSkipped(tenantId, record.id, { runId, reason: outcome.reason });
          run.counts.skipped += 1;
          trace.skipped += 1;
          return;
        case 'linked':
          if (config.operations !== 'create-only')
            result.linked.push({
              ...record,
              status: 'linked',
              destinationId: outcome.ref.id,
              destinationNumber: outcome.ref.number,
            });
          break;
      }
      run.onPushed?.(record, outcome.ref, outcome.outcome);
      pushed.push({
        recordId: record.id,
        runId,
        destinationId: outcome.ref.id,
        destinationNumber: outcome.ref.number,
        operation: outcome.outcome,
        ...(outcome.outcome === 'linked' && { match: outcome.key }),
        at: run.clock(),
      });
      observe(outcome.outcome, since);
      // What the trace shows going in is exactly what was sent.
      if (samples.length < 5) samples.push({ input: outcome.sent ?? {}, output: outcome.ref });
    } catch (error) {
      observe('failed', since);
      fail(record, classify(error));
    }
  };

  try {
    const candidates = await findCandidates(run, stage, connector, items, records, fail);
    const pushable = items.filter((item) => candidates.get(item.recordId) !== null);
    if (pushable.length === 0) run.onLastWriteSent?.();
    await run.writes.map(pushable, (item) =>
      pushOne(item, candidates.get(item.recordId) ?? undefined, pushable.length),
    );
  } finally {
    // What was pushed is stored even when the run is cut short, so the next run need not look it up.
    await run.store.records.markPushedMany(tenantId, pushed);
    // What failed before and went through now is no longer an exception to act on.
    await run.store.exceptions.resolveForRecords(
      tenantId,
      pushed.map((entry) => entry.recordId),
      runId,
      run.clock(),
    );
    await run.store.records.markFailedMany(tenantId, failed);
  }
  for (const { operation } of pushed) run.counts[operation] += 1;
  run.counts.failed += failed.length;
  trace.out += pushed.length;
  trace.failed += failed.length;
  run.traces.add(
    stage.nodeId,
    { ...trace, durationMs: performance.now() - started, startedAt: started },
    samples,
  );
  return result;
}

/**
 * The existing destination records the batch's creates match by the node's "match existing records by" key,
 * found with one `findMany`: by record id, the candidate to link, or null for a record that failed (its key
 * could not be computed, the lookup failed, or another record of the run already took the same key or
 * destination record: see `decideMatches`). Records without a key or a match are absent: they are created.
 */
async function findCandidates(
  run: PushRun,
  stage: PlanStage,
  connector: Connector,
  items: readonly FlowItem[],
  records: ReadonlyMap<string, SyncRecord>,
  fail: (record: SyncRecord, failure: Failure) => void,
): Promise<Map<string, LinkCandidate | null>> {
  const config = stage.config as DestinationConfig;
  const candidates = new Map<string, LinkCandidate | null>();
  const match = config.matchExisting;
  const matching = items.filter((item) => needsMatch(item, config));
  if (!match || matching.length === 0) return candidates;
  const keyed: { item: FlowItem; value: string }[] = [];
  const keys = await matchKeys(matching, match, { nodeId: stage.nodeId, sandbox: run.sandbox });
  matching.forEach((item, index) => {
    const key = keys[index]!;
    if (!key.ok) {
      candidates.set(item.recordId, null);
      fail(records.get(item.recordId)!, refusal(key.kind, key.message));
    } else if (key.value !== null) keyed.push({ item, value: key.value });
  });
  if (keyed.length === 0) return candidates;

  let found: Map<string, LinkCandidate['ref']>;
  try {
    found = await connector.findMany(
      config.object,
      match.field,
      keyed.map(({ value }) => value),
      run.signal,
    );
  } catch (error) {
    const failure = classify(error);
    for (const { item } of keyed) {
      candidates.set(item.recordId, null);
      fail(records.get(item.recordId)!, {
        ...failure,
        message: `Looking up existing records by ${match.field} failed: ${failure.message}`,
      });
    }
    return candidates;
  }
  const decisions = decideMatches(
    keyed.map(({ item, value }) => ({ sourceId: item.sourceId, value })),
    found,
    match.field,
    run.keysTaken,
  );
  keyed.forEach(({ item, value }, index) => {
    const decision = decisions[index]!;
    if (decision.kind === 'link')
      candidates.set(item.recordId, { field: match.field, value, ref: decision.ref });
    if (decision.kind !== 'refuse') return;
    candidates.set(item.recordId, null);
    fail(records.get(item.recordId)!, refusal('validation', decision.message));
  });
  return candidates;
}
