import { setMaxListeners } from 'node:events';
import pLimit, { type LimitFunction } from 'p-limit';
import {
  emptyRunCounts,
  runLogger,
  type IntegrationId,
  type Logger,
  type NewException,
  type Plan,
  type PlanStage,
  type Run,
  type RunCounts,
  type Store,
  type SyncRecord,
  type TenantId,
} from '@isync/core';
import {
  createSandbox,
  planExpressions,
  type DestinationRef,
  type FlowItem,
  type RuntimeContext,
  type Sandbox,
  type PlanLookups,
  type SourceConfig,
} from '@isync/nodes';
import { runConnectors, type RunConnectors } from '../connectors.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  type EngineDependencies,
  type EngineOptions,
  type RunRequest,
} from './options.js';
import { pullCounterparts, pullSource, type PullPosition, type PullRun } from './pull.js';
import { PullFeed } from './pull-feed.js';
import { pushToDestination, type PushedBatch, type PushedOutcome, type PushRun } from './push.js';
import { settleTransform } from './settle.js';
import { RunAborted, RunStops } from './stop.js';

export { RunCancel } from './stop.js';
export {
  DEFAULT_ENGINE_OPTIONS,
  type EngineDependencies,
  type EngineOptions,
  type RunObserver,
  type RunRequest,
} from './options.js';
import { quietSourceEchoes, storePushedPairs, syncPairs, type PairRun } from './two-way/pairs.js';
import { forwardStages, twoWayPlanOf, type TwoWayPlan } from './two-way/plan.js';
import { TraceBook } from './traces.js';
import { transform } from './transform.js';

/** A running run's counts and traces are stored at least this often (and after every batch). */
const PROGRESS_EVERY_MS = 2000;

/** Why a run that never started will not: told on the queued run, which ends failed. */
async function closeQueued(store: Store, request: RunRequest, why: string): Promise<void> {
  if (request.runId)
    await store.runs.closeQueued(request.tenantId, request.runId, { status: 'failed', error: why });
}

/**
 * The caller holds the integration's run lock, so a run still marked running was left by an executor that
 * died (killed, crashed, lost its machine): it is closed as failed, and this run picks up from the cursor
 * and the records' states, which were saved page by page. Its outcome counts are taken from the lifecycle
 * events it wrote where they say more than its last saved progress: those events were stored with the
 * outcomes, the progress after them, so a batch stored just before the executor died is counted too.
 */
async function closeAbandonedRun(
  store: Store,
  tenantId: TenantId,
  integrationId: IntegrationId,
): Promise<void> {
  const abandoned = await store.runs.running(tenantId, integrationId);
  if (!abandoned) return;
  const outcomes = await store.recordEvents.outcomesOfRun(tenantId, abandoned.id);
  const counts = { ...abandoned.counts };
  for (const [outcome, count] of Object.entries(outcomes) as [keyof typeof outcomes, number][])
    counts[outcome] = Math.max(counts[outcome], count);
  await store.runs.finish(tenantId, abandoned.id, {
    status: 'failed',
    counts,
    cursorAfter: abandoned.cursorBefore,
    nodeTraces: abandoned.nodeTraces,
    error: 'The executor running this stopped before it finished; the next run carried on from where it was.',
  });
}

/**
 * Runs one integration's stored plan once. The caller must hold the integration's run lock (the
 * schedulers do): runs of one integration never overlap. Steps: pull the source page by page into the record store (moving
 * the cursor only after each page is stored), then stream the records waiting for the destination through
 * the plan's transforms and push them. Answers the finished run, or null when there was nothing to run
 * (no plan, or a scheduled tick of an integration that is no longer active).
 */
export async function executeRun(deps: EngineDependencies, request: RunRequest): Promise<Run | null> {
  const { store } = deps;
  const { tenantId, integrationId, trigger } = request;
  const integration = await store.integrations.get(tenantId, integrationId);
  if (!integration) {
    await closeQueued(store, request, 'The integration was deleted before this run started.');
    return null;
  }
  // Before deciding whether to run: a run abandoned just before the integration was paused is closed too.
  await closeAbandonedRun(store, tenantId, integrationId);
  if (trigger === 'schedule' && integration.status !== 'active') return null;
  const plan =
    integration.planVersion === null
      ? null
      : await store.plans.get(tenantId, integrationId, integration.planVersion);
  if (!plan) {
    await closeQueued(
      store,
      request,
      'The integration has no live version to run; publish it and run it again.',
    );
    return null;
  }

  const start = {
    planVersion: plan.version,
    cursorBefore: integration.cursor,
    executorId: deps.executorId ?? null,
  };
  // A queued run starts as itself (its id was answered when it was asked for); null when it was canceled.
  const run = request.runId
    ? await store.runs.take(tenantId, request.runId, start)
    : await store.runs.start(tenantId, { integrationId, trigger, ...start });
  if (!run) return null;
  await request.onStart?.(run);
  const execution = new Execution(deps, plan, run, request, integration.cursor, integration.reverseCursor);
  return execution.execute();
}

class Execution {
  private readonly options: EngineOptions;
  private readonly logger: Logger;
  private readonly traces: TraceBook;
  private readonly counts: RunCounts = emptyRunCounts();
  private readonly clock: () => Date;
  private readonly connectors: RunConnectors;
  private readonly stops: RunStops;
  private sandbox: Sandbox | null = null;
  private readonly exceptions: NewException[] = [];
  /** The plan's two directions, when it syncs both ways. */
  private readonly twoWay: TwoWayPlan | null;
  /** How each side's records are shaped, known once the pull has opened their connectors. */
  private shapes: PairRun['shapes'] | null = null;
  /** Where each direction's pull got: the cursors the run saves. */
  private readonly position: { forward: PullPosition; reverse: PullPosition };
  /** Two-way: pairs the forward push just created or linked, whose baselines are stored after the batch. */
  private readonly pushedPairs = new Map<string, PushedPair>();
  /** The "match existing records by" keys the run's creates took (see `PushRun`). */
  private readonly keysTaken = new Map<string, string>();
  /** The run's destination writes in flight, at most `pushConcurrency`, whichever batch they belong to. */
  private readonly writes: LimitFunction;

  constructor(
    private readonly deps: EngineDependencies,
    private readonly plan: Plan,
    private readonly run: Run,
    private readonly request: RunRequest,
    cursor: string | null,
    reverseCursor: string | null,
  ) {
    this.position = { forward: { cursor }, reverse: { cursor: reverseCursor } };
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
    this.writes = pLimit(this.options.pushConcurrency);
    this.twoWay = twoWayPlanOf(plan);
    this.logger = runLogger(deps.logger, {
      tenantId: run.tenantId,
      integrationId: run.integrationId,
      runId: run.id,
    });
    this.traces = new TraceBook(plan.stages);
    this.clock = deps.clock ?? (() => new Date());
    this.stops = new RunStops(
      request.signal ?? new AbortController().signal,
      request.stop ?? new AbortController().signal,
    );
    // Every request of the run listens on this signal; there are many in flight by design.
    setMaxListeners(0, this.stops.signal);
    this.connectors = runConnectors({
      store: deps.store,
      keyring: deps.keyring,
      tenantId: run.tenantId,
      logger: this.logger,
      ...(deps.connectorFactory && { factory: deps.connectorFactory }),
      ...(deps.connectorHttp && { http: deps.connectorHttp }),
      ...(deps.connectorCache && { cache: deps.connectorCache, connectionLogger: deps.logger }),
    });
  }

  private get store() {
    return this.deps.store;
  }

  async execute(): Promise<Run | null> {
    let error: string | null = null;
    this.logger.info({ trigger: this.run.trigger, planVersion: this.plan.version }, 'run started');
    // Lists and the trace viewer show a running run's progress; a killed run keeps what it had done.
    const progressTimer = setInterval(() => void this.saveProgress(), PROGRESS_EVERY_MS);
    progressTimer.unref();
    try {
      const expressions = planExpressions(this.plan);
      if (Object.keys(expressions).length > 0) {
        this.sandbox = this.deps.sandboxes
          ? this.deps.sandboxes.sandboxFor(this.planKey, expressions)
          : createSandbox({ expressions });
      }
      await this.pullAndPush();
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      this.logger.warn({ err: caught }, 'run failed');
    } finally {
      clearInterval(progressTimer);
      await this.flushExceptions().catch((e: unknown) =>
        this.logger.error({ err: e }, 'exceptions not stored'),
      );
      await this.sandbox?.close();
      await this.connectors.close();
    }
    // A run that leaves records waiting — for a retry or for a person — did not bring the integration in sync.
    const waiting = await this.store.records.waiting(this.run.tenantId, this.run.integrationId);
    this.counts.waiting = waiting.retry + waiting.attention;
    const canceled = error !== null && this.stops.cancel() !== null;
    const status = canceled
      ? 'canceled'
      : error
        ? 'failed'
        : this.counts.failed > 0 || this.counts.waiting > 0
          ? 'partial'
          : 'succeeded';
    await this.progressSaved;
    const finished = await this.store.runs.finish(this.run.tenantId, this.run.id, {
      status,
      counts: this.counts,
      cursorAfter: this.position.forward.cursor,
      nodeTraces: this.traces.list(),
      error,
    });
    this.logger.info({ status, counts: this.counts }, 'run finished');
    if (finished) this.deps.observer?.runFinished(finished);
    return finished;
  }

  private progressSaved: Promise<unknown> = Promise.resolve();

  /** Stores the counts and traces so far; saves never overlap, and a failed one is only logged. */
  private saveProgress(): Promise<unknown> {
    const progress = { counts: { ...this.counts }, nodeTraces: this.traces.list() };
    this.progressSaved = this.progressSaved
      .then(() => this.store.runs.progress(this.run.tenantId, this.run.id, progress))
      .catch((e: unknown) => this.logger.warn({ err: e }, 'run progress not stored'));
    return this.progressSaved;
  }

  private stage(type: string): PlanStage {
    const stage = forwardStages(this.plan).find((s) => s.type === type);
    if (!stage) throw new RunAborted(`The plan has no ${type} node; edit the flow and activate it again.`);
    return stage;
  }

  private exception(entry: Omit<NewException, 'integrationId' | 'runId' | 'at'>): void {
    this.exceptions.push({ ...entry, integrationId: this.run.integrationId, runId: this.run.id });
  }

  private async flushExceptions(): Promise<void> {
    if (this.exceptions.length === 0) return;
    const entries = this.exceptions.splice(0);
    await this.store.exceptions.add(this.run.tenantId, entries);
  }

  /**
   * A one-way run pushes while it pulls: its first batch goes out as soon as the first pages are stored, so a
   * destination that takes time to answer is not left idle while the source is read (see `PullFeed`). A pull
   * that fails or stops ends the push after the batches in hand; a push that fails stops the pull at its next
   * page. Two-way runs pull both ways first: a pair's sync needs both sides.
   */
  private async pullAndPush(): Promise<void> {
    if (this.twoWay) {
      await this.pull();
      await this.push(null);
      return;
    }
    const feed = new PullFeed();
    const pulling = this.pull(feed).then(
      () => feed.end('pulled'),
      (error: unknown) => {
        feed.end('failed');
        throw error;
      },
    );
    const pushing = this.push(feed).catch((error: unknown) => {
      feed.halt();
      throw error;
    });
    const [pulled, pushed] = await Promise.allSettled([pulling, pushing]);
    // The push's failure first: a pull halted by it only says so.
    if (pushed.status === 'rejected') throw pushed.reason;
    if (pulled.status === 'rejected') throw pulled.reason;
  }

  /** Pulls the source, then (two-way) the destination back onto the pairs, each from its own cursor. */
  private async pull(feed?: PullFeed): Promise<void> {
    const source = this.stage('source');
    const config = source.config as SourceConfig;
    const shape = (await this.connectors.get(config.connectionId)).recordShape(config.object);
    if (!this.twoWay)
      return pullSource({ ...this.pullRun, ...(feed && { feed }) }, source, shape, this.position.forward);
    const back = this.twoWay.reverseSource.config as SourceConfig;
    const destination = (await this.connectors.get(back.connectionId)).recordShape(back.object);
    this.shapes = { source: shape, destination };
    const pairs = this.pairRun;
    await pullSource(
      { ...this.pullRun, quietEchoes: (pulled) => quietSourceEchoes(pairs, pulled, shape) },
      source,
      shape,
      this.position.forward,
    );
    await pullCounterparts(
      this.pullRun,
      pairs,
      this.twoWay.reverseSource,
      destination,
      this.position.reverse,
    );
  }

  /** What pulling needs of this run. */
  private get pullRun(): PullRun {
    return {
      store: this.store,
      tenantId: this.run.tenantId,
      integrationId: this.run.integrationId,
      runId: this.run.id,
      connectors: this.connectors,
      stops: this.stops,
      logger: this.logger,
      counts: this.counts,
      traces: this.traces,
      storeBatchSize: this.options.storeBatchSize,
      exception: (entry) => this.exception(entry),
      saveProgress: () => this.saveProgress(),
    };
  }

  /**
   * Claims the records waiting for the destination batch by batch, in id order, and pushes them. A one-way
   * run begins the next batch once the last write of the one before has gone out: it is claimed, mapped and
   * its writes queued while those final writes are answered, so a destination that takes time to answer is
   * kept busy across batch boundaries (the run's write limiter keeps the writes in flight at
   * `pushConcurrency`). Each batch stores its own outcomes when it is through. A stop claims nothing more:
   * the batches in hand finish (at most the one being answered and the one that began behind it). Two-way
   * runs go batch after batch: a batch's pairs are stored before the next is claimed.
   *
   * Beside a pull (`feed`), a claim that finds nothing waits for the next page stored. Records the pull
   * changed behind the claims' position (known records keep their ids) are claimed in a second pass from the
   * start once the pull is through and the batches in hand are stored; that pass retries nothing that failed.
   */
  private async push(feed: PullFeed | null): Promise<void> {
    const source = this.stage('source');
    const overlap = this.twoWay === null;
    let after: string | undefined;
    let secondPass = false;
    let finishing: Promise<void> | null = null;
    const claim = () =>
      this.store.records.claimForPush(this.run.tenantId, this.run.integrationId, {
        limit: this.options.batchSize,
        now: this.clock(),
        maxAttempts: this.options.maxAttempts,
        ...(after !== undefined && { after }),
        ...(secondPass && { retries: false }),
      });
    try {
      while (!this.stops.asked) {
        const storedPages = feed?.stored ?? 0;
        const { batch, release } = feed
          ? await feed.claim(claim)
          : { batch: await claim(), release: () => {} };
        // A claim only reads: a batch claimed as a stop was asked is left for the next run.
        if (this.stops.asked) {
          release();
          break;
        }
        if (batch.length === 0) {
          if (!feed || secondPass || feed.failed) break;
          if (!feed.ended) {
            await feed.more(storedPages);
            continue;
          }
          await finishing;
          secondPass = true;
          after = undefined;
          continue;
        }
        after = batch.at(-1)!.id;
        let lastWriteSent = () => {};
        const sent = new Promise<void>((resolve) => (lastWriteSent = resolve));
        const pushing = this.pushBatch(batch, source, false, lastWriteSent).then(() => this.batchDone());
        void pushing.then(release, release);
        if (!overlap) {
          await pushing;
          continue;
        }
        // Awaited below or in `finally`; until then its failure must not count as unhandled.
        pushing.catch(() => undefined);
        const before = finishing;
        finishing = pushing;
        // At most two batches in hand: the one before is through, and this one's writes have all gone out.
        await before;
        await Promise.race([sent, pushing]);
      }
    } finally {
      await finishing;
    }
    this.stops.throwIfAsked();
  }

  /** After each batch: its pairs, exceptions and the run's progress are stored. */
  private async batchDone(): Promise<void> {
    await storePushedPairs(this.pushRun, this.pushedPairs);
    this.pushedPairs.clear();
    await this.flushExceptions();
    await this.saveProgress();
  }

  /**
   * One claimed batch through every stage after the source, in plan order. Records whose destination
   * record was deleted go through again as creates, so that the create mapping is the one they are sent
   * with; records just linked to an existing destination record go through again as updates, so that the
   * update mapping is.
   */
  private async pushBatch(
    claimed: SyncRecord[],
    source: PlanStage,
    afterLink = false,
    lastWriteSent?: () => void,
  ): Promise<void> {
    let batch = claimed;
    // Two-way: linked pairs sync both ways; records not yet in the destination are created as one way does.
    if (this.twoWay && !afterLink) {
      const pairs = batch.filter((record) => record.destinationId !== null);
      if (pairs.length > 0) await syncPairs(this.pairRun, this.twoWay, pairs);
      batch = batch.filter((record) => record.destinationId === null);
      if (batch.length === 0) return;
    }
    const records = new Map(batch.map((record) => [record.id, record]));
    const again: PushedBatch = { vanished: [], linked: [] };
    const { destination, items } = await transform(
      forwardStages(this.plan),
      batch.map(flowItemOf),
      (stage) => this.runtimeContext(stage),
      async ({ stage, input, result, durationMs }) => {
        await settleTransform(this.pushRun, stage, result, records);
        this.traces.add(
          stage.nodeId,
          {
            in: input.length,
            out: result.out.length,
            skipped: result.skipped.length,
            failed: result.failed.length,
            durationMs,
          },
          result.out.map((item) => ({ input: item.source, output: item.fields })),
        );
      },
    );
    if (destination && items.length > 0) {
      const run = lastWriteSent ? { ...this.pushRun, onLastWriteSent: lastWriteSent } : this.pushRun;
      const pushed = await pushToDestination(run, destination, items, records, { afterLink });
      again.vanished.push(...pushed.vanished);
      again.linked.push(...pushed.linked);
    }
    // Creates never vanish and updates never link, so each goes one level deep.
    if (again.vanished.length > 0)
      await this.pushBatch(
        again.vanished.map((record) => ({ ...record, destinationId: null, destinationNumber: null })),
        source,
      );
    if (again.linked.length > 0) await this.pushBatch(again.linked, source, true);
  }

  /** What pushing a batch needs of this run. */
  private get pushRun(): PushRun {
    return {
      store: this.store,
      tenantId: this.run.tenantId,
      runId: this.run.id,
      options: this.options,
      writes: this.writes,
      connectors: this.connectors,
      sandbox: this.sandbox,
      signal: this.stops.signal,
      logger: this.logger,
      clock: this.clock,
      counts: this.counts,
      traces: this.traces,
      observer: this.deps.observer,
      keysTaken: this.keysTaken,
      exception: (entry) => this.exception(entry),
      ...(this.twoWay && {
        onPushed: (record: SyncRecord, ref: DestinationRef, operation: PushedOutcome) =>
          this.pushedPairs.set(record.id, {
            record,
            ref,
            status: operation === 'linked' ? 'linked' : operation === 'updated' ? 'updated' : 'pushed',
          }),
      }),
    };
  }

  /** What two-way work needs of this run. */
  private get pairRun(): PairRun {
    return {
      ...this.pushRun,
      integrationId: this.run.integrationId,
      contextOf: (stage) => this.runtimeContext(stage),
      shapes: this.shapes!,
      flushExceptions: () => this.flushExceptions(),
    };
  }

  private runtimeContext(stage: PlanStage): RuntimeContext {
    return {
      nodeId: stage.nodeId,
      runId: this.run.id,
      logger: this.logger,
      sandbox: this.sandbox,
      connectors: this.connectors,
      runCache: this.runCache,
      ...(this.planLookups && { planLookups: this.planLookups }),
      signal: this.stops.signal,
    };
  }

  private readonly runCache = new Map<string, unknown>();

  /** Names the plan version across runs: its sandbox isolate and its lookup answers are kept under it. */
  private get planKey(): string {
    return `${this.run.tenantId}/${this.run.integrationId}/${this.plan.version}/${this.plan.hash}`;
  }

  private get planLookups(): PlanLookups | undefined {
    return this.deps.lookups?.forPlan(this.planKey);
  }
}

/** A pair the forward push just created or linked, and how. */
interface PushedPair {
  record: SyncRecord;
  ref: DestinationRef;
  status: 'pushed' | 'linked' | 'updated';
}

function flowItemOf(record: SyncRecord): FlowItem {
  return {
    recordId: record.id,
    sourceId: record.sourceId,
    source: record.sourceData,
    operation: record.destinationId === null ? 'create' : 'update',
    destinationId: record.destinationId,
    fields: {},
  };
}
