import type {
  ConnectionId,
  IntegrationId,
  Page,
  PageRequest,
  RecordId,
  RunId,
  TenantId,
  TimeRange,
  UserId,
} from '../domain/common.js';
import type { ApiToken, NewApiToken, Session } from '../domain/access.js';
import type { AuditEntry, AuditFilter, NewAuditEntry } from '../domain/audit.js';
import type { Connection, ConnectionPatch, NewConnection } from '../domain/connection.js';
import type { ExceptionFilter, ExceptionLog, NewException } from '../domain/exception.js';
import type { Insights } from '../domain/insights.js';
import type {
  Author,
  Integration,
  IntegrationPatch,
  IntegrationStatus,
  NewIntegration,
} from '../domain/integration.js';
import type { NewPlan, Plan } from '../domain/plan.js';
import type {
  PulledRecord,
  RecordEvent,
  RecordSearch,
  RecordStatus,
  SyncRecord,
  UpsertPulledResult,
} from '../domain/record.js';
import type { PairState } from '../domain/two-way.js';
import type {
  NewQueuedRun,
  SkippedTick,
  NewRun,
  QueuedRunClose,
  Run,
  RunFilter,
  RunFinish,
  RunCounts,
  RunProgress,
  RunStart,
  RunSummary,
} from '../domain/run.js';
import type { NewTenant, Tenant, TenantPatch, TenantUsage } from '../domain/tenant.js';
import type { TenantSystemRepository } from './tenant-systems.js';
import type { NewUser, User, UserPatch } from '../domain/user.js';

/*
 * The store port: repositories in domain terms. Every call that reads or writes a tenant's data takes the
 * tenant id and filters on it, so another tenant's objects are invisible by construction: a lookup with the
 * wrong tenant answers null / an empty page / 0, and an update or delete changes nothing (and answers null
 * or false). The two exceptions are named for what they are: `tenants.*` (the platform's own table) and
 * `users.findByEmailForLogin` (sign-in happens before a tenant is known).
 */

export interface TenantRepository {
  /** Throws ConflictError when the slug is taken. */
  create(input: NewTenant): Promise<Tenant>;
  get(tenantId: TenantId): Promise<Tenant | null>;
  getBySlug(slug: string): Promise<Tenant | null>;
  list(page?: PageRequest): Promise<Page<Tenant>>;
  update(tenantId: TenantId, patch: TenantPatch): Promise<Tenant | null>;
  /** Live usage against the tenant's limits; `recordsThisMonth` counts records first pulled this month. */
  usage(tenantId: TenantId, now?: Date): Promise<TenantUsage>;
}

export interface UserRepository {
  /** Throws ConflictError when the email is already registered (emails are unique platform-wide). */
  create(tenantId: TenantId, input: NewUser): Promise<User>;
  get(tenantId: TenantId, userId: UserId): Promise<User | null>;
  list(tenantId: TenantId, page?: PageRequest): Promise<Page<User>>;
  update(tenantId: TenantId, userId: UserId, patch: UserPatch): Promise<User | null>;
  /** Users that are not disabled. */
  count(tenantId: TenantId): Promise<number>;
  /** The one unscoped lookup: sign-in knows an email, not a tenant. */
  findByEmailForLogin(email: string): Promise<User | null>;
}

export interface ConnectionRepository {
  create(tenantId: TenantId, input: NewConnection): Promise<Connection>;
  get(tenantId: TenantId, connectionId: ConnectionId): Promise<Connection | null>;
  list(tenantId: TenantId, page?: PageRequest): Promise<Page<Connection>>;
  update(tenantId: TenantId, connectionId: ConnectionId, patch: ConnectionPatch): Promise<Connection | null>;
  delete(tenantId: TenantId, connectionId: ConnectionId): Promise<boolean>;
}

export interface IntegrationFilter {
  status?: IntegrationStatus;
  /** Archived integrations are left out unless asked for by status. */
  includeArchived?: boolean;
}

export interface WaitingRecords {
  retry: number;
  attention: number;
}

export interface DraftSaveOptions {
  savedBy: Author | null;
  expectedRevision?: number | undefined;
}

export type DraftSaveResult = { saved: Integration } | { conflict: Integration };

export interface IntegrationRepository {
  create(tenantId: TenantId, input: NewIntegration): Promise<Integration>;
  get(tenantId: TenantId, integrationId: IntegrationId): Promise<Integration | null>;
  list(tenantId: TenantId, filter?: IntegrationFilter, page?: PageRequest): Promise<Page<Integration>>;
  update(
    tenantId: TenantId,
    integrationId: IntegrationId,
    patch: IntegrationPatch,
  ): Promise<Integration | null>;
  /**
   * Saves a change to the draft (the flow and what the wizard's steps edit): increments `draftRevision` and
   * records who saved it. With `expectedRevision`, saves only while the stored revision still is that one
   * (a client that loaded an older draft must not overwrite a newer one) and otherwise answers the stored
   * integration, unchanged, as the conflict.
   */
  saveDraft(
    tenantId: TenantId,
    integrationId: IntegrationId,
    patch: IntegrationPatch,
    options: DraftSaveOptions,
  ): Promise<DraftSaveResult | null>;
  /** Integrations that count against `maxIntegrations` (all but archived). */
  count(tenantId: TenantId): Promise<number>;
  /** Moves the source high-water mark; only called once the page it covers is stored. */
  /** Saves a direction's high-water mark (two-way flows keep one for the way back too). */
  saveCursor(
    tenantId: TenantId,
    integrationId: IntegrationId,
    cursor: string | null,
    direction?: 'forward' | 'reverse',
  ): Promise<boolean>;
}

/** One version of one integration's plan. */
export interface PlanRef {
  integrationId: IntegrationId;
  version: number;
}

export interface PlanRepository {
  /** Stores the next version (1, 2, 3…) of the integration's plan. */
  save(tenantId: TenantId, integrationId: IntegrationId, plan: NewPlan): Promise<Plan>;
  get(tenantId: TenantId, integrationId: IntegrationId, version: number): Promise<Plan | null>;
  /** The versions asked for, in one read (a list page's live versions); those that do not exist are absent. */
  getMany(tenantId: TenantId, versions: readonly PlanRef[]): Promise<Plan[]>;
  latest(tenantId: TenantId, integrationId: IntegrationId): Promise<Plan | null>;
  /** Newest version first. */
  list(tenantId: TenantId, integrationId: IntegrationId, page?: PageRequest): Promise<Page<Plan>>;
}

export interface ClaimForPushOptions {
  limit: number;
  /** Continue after this record id (records are claimed in id order). */
  after?: RecordId;
  /** Failed records whose `nextAttemptAt` is due by this time and that have fewer than `maxAttempts` are retried. */
  now: Date;
  maxAttempts: number;
  /**
   * False claims only records waiting for their first push or an update (`initiated`, `update-request`), no
   * failed retry: a run's second pass over records changed while it pushed must not retry what it failed.
   */
  retries?: boolean;
}

export interface MarkPushedInput {
  runId: RunId | null;
  destinationId: string;
  destinationNumber?: string | null;
  /**
   * `created` makes the record `pushed`; `recovered` too (its create landed in a run that was killed before
   * it heard back, and correlation found it); `updated` makes it `updated`; `linked` (an existing destination
   * record found by the destination node's "match existing records by" key) makes it `linked`.
   */
  operation: 'created' | 'recovered' | 'updated' | 'linked';
  /** For `linked`: the key the destination record was found by, named in the timeline event. */
  match?: { field: string; value: string } | null;
  at?: Date;
}

export interface MarkFailedInput {
  runId: RunId | null;
  error: string;
  /** When to try again; null when attempts are exhausted (the record waits for a replay). */
  nextAttemptAt: Date | null;
  at?: Date;
}

/** One record's successful push, in a batch. */
export interface PushedRecord extends MarkPushedInput {
  recordId: RecordId;
}

/**
 * Two-way sync: one linked pair's new ledger state, saved only while the stored pair is still the one the
 * caller read (`expectedRevision`; null when the record had no pair yet) — a run never overwrites a
 * person's decision made meanwhile. The store sets the saved pair's revision to the expected one plus one.
 */
export interface PairSave {
  recordId: RecordId;
  expectedRevision: number | null;
  pair: PairState;
  /** A source side pulled and found to be iSync's own write: stored without a lifecycle change. */
  source?: Pick<PulledRecord, 'sourceHash' | 'sourceData' | 'sourceStatus'>;
  /** The record's new status, with its lifecycle event; absent: the status stays. */
  status?: RecordStatus;
  /** With status `failed`: what a person must do (a held conflict). */
  error?: string;
  /** Why, for the lifecycle event (what was written to which side, what was held, whose change it was). */
  detail?: Record<string, unknown>;
  /** Something was written to a side: the record's `pushedAt`. */
  wrote?: boolean;
  runId: RunId | null;
  at: Date;
}

/** One record's failed push, in a batch. */
export interface FailedRecord extends MarkFailedInput {
  recordId: RecordId;
}

export interface RequeueSelection {
  recordIds?: RecordId[];
  /** Records that failed in this run. */
  runId?: RunId;
}

export interface RecordRepository {
  /**
   * Stores one pulled page in one transaction (one bulk write): a new source id becomes `initiated`; a known
   * id whose hash changed becomes `update-request` (or `initiated` again when it never reached the
   * destination); an unchanged one is left alone. Writes the lifecycle and source-status events.
   */
  upsertPulled(
    tenantId: TenantId,
    integrationId: IntegrationId,
    page: PulledRecord[],
    runId: RunId | null,
  ): Promise<UpsertPulledResult>;
  /** Records waiting for the destination, in id order: initiated, update-request and due retries. */
  claimForPush(
    tenantId: TenantId,
    integrationId: IntegrationId,
    options: ClaimForPushOptions,
  ): Promise<SyncRecord[]>;
  /** Writes the push intent before a create, so a crash between create and markPushed is recoverable. */
  markPushIntent(tenantId: TenantId, recordId: RecordId, at?: Date): Promise<boolean>;
  /**
   * The push intents of a batch's creates in one write, made before any of them is sent; answers how many
   * of the records are the tenant's (another tenant's ids change nothing).
   */
  markPushIntents(tenantId: TenantId, recordIds: RecordId[], at?: Date): Promise<number>;
  markPushed(tenantId: TenantId, recordId: RecordId, input: MarkPushedInput): Promise<SyncRecord | null>;
  /**
   * A batch's pushes in one transaction: each record's new status and destination ids, its intent cleared,
   * and its lifecycle event (at its own `at`). Each record once; another tenant's ids change nothing.
   * Answers how many records changed.
   */
  markPushedMany(tenantId: TenantId, pushed: PushedRecord[]): Promise<number>;
  markFailed(tenantId: TenantId, recordId: RecordId, input: MarkFailedInput): Promise<SyncRecord | null>;
  /** A batch's failures in one transaction, as `markPushedMany`; each record's attempts grow by one. */
  markFailedMany(tenantId: TenantId, failed: FailedRecord[]): Promise<number>;
  markSkipped(
    tenantId: TenantId,
    recordId: RecordId,
    input: { runId: RunId | null; reason: string; at?: Date },
  ): Promise<SyncRecord | null>;
  /** Puts failed records back in line for the next run (attempts reset); answers how many. */
  requeue(tenantId: TenantId, selection: RequeueSelection, runId?: RunId | null): Promise<number>;
  get(tenantId: TenantId, recordId: RecordId): Promise<SyncRecord | null>;
  getBySourceId(
    tenantId: TenantId,
    integrationId: IntegrationId,
    sourceId: string,
  ): Promise<SyncRecord | null>;
  search(tenantId: TenantId, search: RecordSearch, page?: PageRequest): Promise<Page<SyncRecord>>;
  countByStatus(tenantId: TenantId, integrationId?: IntegrationId): Promise<Record<RecordStatus, number>>;
  /**
   * The failed records of an integration (or the tenant): those iSync tries again by itself (a
   * `nextAttemptAt`), and those that need a person (a change of the record or flow, or a replay).
   */
  waiting(tenantId: TenantId, integrationId?: IntegrationId): Promise<WaitingRecords>;
  /** The integration's records of these source ids (two-way sync: the pairs a pulled page touches). */
  bySourceIds(
    tenantId: TenantId,
    integrationId: IntegrationId,
    sourceIds: readonly string[],
  ): Promise<SyncRecord[]>;
  /** The integration's records linked to these destination ids (two-way sync: the pairs a pulled page touches). */
  linkedTo(
    tenantId: TenantId,
    integrationId: IntegrationId,
    destinationIds: readonly string[],
  ): Promise<SyncRecord[]>;
  /**
   * Saves pairs' two-way ledger states in one transaction (see `PairSave`); a status change writes its
   * lifecycle event, and clears the record's failure. Answers the ids saved: a stale one is left out.
   */
  savePairs(tenantId: TenantId, saves: readonly PairSave[]): Promise<RecordId[]>;
  /** `waiting` of each of these integrations, in one query; integrations with none waiting are absent. */
  waitingOf(
    tenantId: TenantId,
    integrationIds: readonly IntegrationId[],
  ): Promise<Map<IntegrationId, WaitingRecords>>;
}

/** What a run's records became: the push outcomes among its counts. */
export type RunOutcomeCounts = Pick<
  RunCounts,
  'created' | 'recovered' | 'updated' | 'linked' | 'failed' | 'skipped'
>;

export interface RecordEventRepository {
  /** The record's events, oldest first. */
  timeline(tenantId: TenantId, recordId: RecordId): Promise<RecordEvent[]>;
  /**
   * What the run's records became, counted from the lifecycle events it wrote: they are stored with the
   * outcomes themselves, so they count what a killed run did even where its last saved progress lags.
   */
  outcomesOfRun(tenantId: TenantId, runId: RunId): Promise<RunOutcomeCounts>;
}

export interface RunRepository {
  start(tenantId: TenantId, input: NewRun, at?: Date): Promise<Run>;
  get(tenantId: TenantId, runId: RunId): Promise<Run | null>;
  /**
   * Finishes a running run; a run that already finished is left as it is (answers null). In the same
   * transaction, adds the run's counts, status and duration to its integration's insights rollup of the
   * hour (UTC) the run started in.
   */
  finish(tenantId: TenantId, runId: RunId, result: RunFinish, at?: Date): Promise<Run | null>;
  /** Newest first, without node traces (`get` one run for those). */
  list(tenantId: TenantId, filter?: RunFilter, page?: PageRequest): Promise<Page<RunSummary>>;
  /**
   * Stores a running run's counts and node traces so far (a run stores them every batch and every few
   * seconds: a killed run keeps what it did, and lists show progress). A finished run is left as it is.
   */
  progress(tenantId: TenantId, runId: RunId, progress: RunProgress): Promise<boolean>;
  /** The integration's run in progress (not a queued one), if any. */
  running(tenantId: TenantId, integrationId: IntegrationId): Promise<Run | null>;
  /**
   * Queues a run asked for now (run now, replay), unless one of the integration is already queued: then
   * answers that one (`created: false`), so asking again never piles runs up. A queued run has no counts
   * yet and its `startedAt` is the time it was asked for.
   */
  queue(tenantId: TenantId, input: NewQueuedRun, at?: Date): Promise<{ run: Run; created: boolean }>;
  /** The integration's queued run, if any. */
  queued(tenantId: TenantId, integrationId: IntegrationId): Promise<Run | null>;
  /**
   * Starts a queued run: it becomes running with the plan version and cursor it starts from, and starts
   * now. Answers null when the run is not queued (canceled, or taken already).
   */
  take(tenantId: TenantId, runId: RunId, start: RunStart, at?: Date): Promise<Run | null>;
  /**
   * Ends a queued run that will never start (canceled, or nothing left to run it), with the reason. Answers
   * null when the run is not queued any more (it started, or ended). Not counted in insights: it never ran.
   */
  closeQueued(tenantId: TenantId, runId: RunId, close: QueuedRunClose, at?: Date): Promise<Run | null>;
  /** Records a scheduled tick that could not start, as a `skipped` run with the reason (runs list, metrics). */
  skip(tenantId: TenantId, tick: SkippedTick, at?: Date): Promise<Run>;
  /** The integration's newest run, without node traces. */
  latest(tenantId: TenantId, integrationId: IntegrationId): Promise<RunSummary | null>;
  /**
   * The newest run that is not a skipped tick of each of these integrations, in one query (a page of the
   * integrations list); integrations without one are absent.
   */
  latestOf(
    tenantId: TenantId,
    integrationIds: readonly IntegrationId[],
  ): Promise<Map<IntegrationId, RunSummary>>;
}

export interface ExceptionRepository {
  /**
   * Stores the entries and, in the same transaction, counts them in the hourly rollup of their kind. An entry
   * whose open row already exists — same integration, record, node, phase, kind and cause — is one more
   * occurrence of it (count, last seen, latest message and run) instead of a new row. Answers the rows.
   */
  add(tenantId: TenantId, entries: NewException[]): Promise<ExceptionLog[]>;
  /** Resolves the open exceptions of records that went through in `runId`; answers how many. */
  resolveForRecords(tenantId: TenantId, recordIds: RecordId[], runId: RunId, at?: Date): Promise<number>;
  get(tenantId: TenantId, exceptionId: string): Promise<ExceptionLog | null>;
  /** Newest first. */
  list(tenantId: TenantId, filter?: ExceptionFilter, page?: PageRequest): Promise<Page<ExceptionLog>>;
  resolve(
    tenantId: TenantId,
    exceptionId: string,
    resolvedBy: UserId | null,
    at?: Date,
  ): Promise<ExceptionLog | null>;
}

export interface InsightsRepository {
  /**
   * Per-day (UTC) counts over [from, to), summed inside the database from the hourly rollups that
   * `runs.finish` and `exceptions.add` write; raw runs, events and exceptions are never read, so pruning
   * them keeps insights as they were. Rollups are hourly, so the range is widened to whole hours: every
   * hour that overlaps [from, to) counts whole. A run counts in the hour it started, with everything it
   * did (records: initiated = new, update-request = changed, created, updated, skipped, failed); a run
   * still running is not counted yet. Days are those of `zone` (an IANA time zone, default UTC): each hour
   * counts in the local day it starts in (a zone half an hour off UTC moves a whole hour's counts).
   */
  insights(
    tenantId: TenantId,
    range: TimeRange,
    integrationId?: IntegrationId,
    zone?: string,
  ): Promise<Insights>;
}

export interface PruneOptions {
  /** Finished runs (with their node traces) that started before this, and exceptions logged before it. */
  runsBefore: Date;
  /** Record events before this, except each record's last event of each kind (lifecycle, source status). */
  eventsBefore: Date;
  /** At most this many of each (runs, exceptions, record events) are deleted per call, each in one statement. */
  batchSize: number;
}

/** How many of each a prune deleted; a caller repeats the prune until all are 0. */
export interface PruneResult {
  runs: number;
  exceptions: number;
  recordEvents: number;
}

export interface MaintenanceRepository {
  /**
   * Deletes one batch of what retention no longer keeps. A record's last event of each kind is never
   * deleted, so its timeline always ends with the transition that explains its status; insights rollups
   * are never touched.
   */
  prune(tenantId: TenantId, options: PruneOptions): Promise<PruneResult>;
}

/** Sessions are found by their token's hash before any tenant is known; every other call is scoped. */
export interface SessionRepository {
  create(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | null>;
  /** Records activity (idle expiry is measured from it). */
  touch(tokenHash: string, at: Date): Promise<void>;
  /** A platform admin acting for another tenant. */
  switchTenant(tokenHash: string, actingTenantId: TenantId): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Signs a user out everywhere (password change, disabled account); answers how many sessions ended. */
  deleteForUser(tenantId: TenantId, userId: UserId): Promise<number>;
}

export interface ApiTokenRepository {
  create(tenantId: TenantId, input: NewApiToken): Promise<ApiToken>;
  /** Found by hash before any tenant is known (the token is the credential). */
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  list(tenantId: TenantId, userId: UserId): Promise<ApiToken[]>;
  revoke(tenantId: TenantId, tokenId: string, at?: Date): Promise<ApiToken | null>;
  touch(tokenHash: string, at: Date): Promise<void>;
}

/** Who changed what in a tenant's configuration: written once per change, never updated. */
export interface AuditRepository {
  record(tenantId: TenantId, entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  list(tenantId: TenantId, filter?: AuditFilter, page?: PageRequest): Promise<Page<AuditEntry>>;
}

export type { TenantSystemRepository } from './tenant-systems.js';

export type StoreKind = 'sqlite' | 'mongodb';

export interface Store {
  readonly kind: StoreKind;
  readonly tenants: TenantRepository;
  readonly users: UserRepository;
  readonly connections: ConnectionRepository;
  readonly tenantSystems: TenantSystemRepository;
  readonly integrations: IntegrationRepository;
  readonly plans: PlanRepository;
  readonly records: RecordRepository;
  readonly recordEvents: RecordEventRepository;
  readonly runs: RunRepository;
  readonly exceptions: ExceptionRepository;
  readonly insights: InsightsRepository;
  readonly maintenance: MaintenanceRepository;
  readonly sessions: SessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly audit: AuditRepository;
  /** Answers when the database is reachable (for `/readyz`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
