import type { Connection, ConnectionId, SystemDescription } from '@isync/core';
import type { AddressPolicy, HostResolver, HttpLogger } from '../http/index.js';

/*
 * The one shape every external system takes (ARCHITECTURE.md, "Nodes"): the source node pages through
 * `list`, the destination node calls `create` / `update` / `findByCorrelation` / `findMany`, the lookup
 * node `findOne`, and the editor's pickers `describe`.
 */

/** Where a lookup searches, for systems whose objects live in a container (a PlanGrid project's team). */
export interface LookupScope {
  project?: string;
}

/** One page pulled from a source, with the high-water mark it reaches. */
export interface SourcePage {
  records: Record<string, unknown>[];
  /** The largest `updated` value in this page (or before it); the cursor to save once the page is stored. */
  cursor: string | null;
}

export interface ListOptions {
  /** The object to read, e.g. PlanGrid `issues` or `rfis`, a ServiceNow table, a REST resource. */
  object: string;
  /** The container the object lives in, where the system has one (a PlanGrid project uid). */
  project?: string;
  /** Only records updated after this instant (ISO-8601); null for all. The connector applies its overlap. */
  updatedAfter: string | null;
  /** Only records updated before this instant (the integration's date range end). */
  updatedBefore?: string | null;
  pageSize: number;
  signal?: AbortSignal;
}

/** How the source identifies its records and what changes without the record changing. */
export interface SourceRecordShape {
  idField: string;
  updatedField: string;
  statusField: string | null;
  deletedField: string | null;
  /** Top-level fields left out of the change-detection hash (e.g. signed URLs re-issued on every read). */
  volatileFields: readonly string[];
  /**
   * Fields the system itself changes on every write, beside `updatedField` (ServiceNow's update counter and
   * last editor): two-way sync tells iSync's own writes coming back by everything else.
   */
  bookkeepingFields?: readonly string[];
  /** A counter the system raises on every change (ServiceNow `sys_mod_count`): an older value is an old version. */
  revisionField?: string;
}

/** A destination record as iSync keeps track of it. */
export interface DestinationRef {
  id: string;
  /** The record's human-facing number (ServiceNow `number`), when it has one. */
  number: string | null;
  /** The fields the destination answered with, for write-back. */
  fields: Record<string, unknown>;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Plain words for the user: what worked, or what failed and what to check. */
  message: string;
  details: Record<string, unknown>;
}

export interface Connector {
  readonly system: Connection['system'];
  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>;
  describe(signal?: AbortSignal): Promise<SystemDescription>;
  recordShape(object: string): SourceRecordShape;
  list(options: ListOptions): AsyncIterable<SourcePage>;
  create(object: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<DestinationRef>;
  update(
    object: string,
    id: string,
    fields: Record<string, unknown>,
    signal?: AbortSignal,
    /** Where the record lives, for systems whose objects live in a container (two-way flows write back there). */
    scope?: LookupScope,
  ): Promise<DestinationRef>;
  findByCorrelation(
    object: string,
    field: string,
    value: string,
    signal?: AbortSignal,
  ): Promise<DestinationRef | null>;
  /**
   * The records whose `field` equals one of `values`, by value (the destination node's "match existing
   * records by"): in as few requests as the API allows (ServiceNow: one `<field>IN<a>,<b>,…` query per
   * chunk). A value no record has is absent from the answer; where several records have it, the oldest
   * wins where the system tells (the generic REST connector takes its find endpoint's first). Empty values
   * are never looked up.
   */
  findMany(
    object: string,
    field: string,
    values: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, DestinationRef>>;
  /** The first record whose `field` equals `value` (lookups: a location by name, a user by email). */
  findOne(
    object: string,
    field: string,
    value: string,
    signal?: AbortSignal,
    scope?: LookupScope,
  ): Promise<Record<string, unknown> | null>;
  close(): Promise<void>;
}

/** What a connector is built from: the stored connection and its opened credentials. */
export interface ConnectorInput {
  connection: Connection;
  /** The connection's secret, opened: e.g. `{apiKey}`, `{username, password}`, `{clientId, clientSecret, …}`. */
  credentials: Record<string, unknown>;
  logger?: HttpLogger;
  /**
   * Called with the whole credentials object after an OAuth refresh, so the caller can seal and store
   * it again: PlanGrid and ServiceNow rotate refresh tokens, and the old one stops working.
   */
  onCredentialsRefreshed?: (credentials: Record<string, unknown>) => void | Promise<void>;
  /** Tests shorten waits and timeouts. */
  http?: {
    timeoutMs?: number;
    requestsPerSecond?: number;
    /** Requests that may start at once before the rate applies (see `HttpClientOptions.burst`). */
    burst?: number;
    concurrency?: number;
    retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number; maxTotalWaitMs?: number };
    /** Which addresses the connection may reach, checked at connect time (the platform's and tenant's rules). */
    addressPolicy?: AddressPolicy;
    /** Tests resolve host names their own way. */
    resolveHost?: HostResolver;
  };
}

export type ConnectorFactory = (input: ConnectorInput) => Connector;

/** Gives the runtime a connector per connection id, built once per run. */
export interface ConnectorProvider {
  get(connectionId: ConnectionId): Promise<Connector>;
}
