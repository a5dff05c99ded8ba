/** Messages between the bench and the child process that runs the simulators (Node IPC). */

export interface SimulatorUrls {
  plangrid: string;
  nuvolo: string;
  /** The PlanGrid project the flow syncs, and how many issues it holds. */
  project: string;
  projectIssues: number;
}

export interface WorkOrderCounts {
  /** Every work order in the table. */
  total: number;
  /** Those that carry a PlanGrid uid (not written by the raw POST loop). */
  synced: number;
  /** Synced work orders sharing a correlation id with another one. */
  duplicates: number;
}

export interface RequestStats {
  total: number;
  byStatus: Record<string, number>;
  /** Work orders created (POST answered 201), and the span between the first and the last of them. */
  created: number;
  firstCreatedAt: string | null;
  lastCreatedAt: string | null;
  /** The body of the last work-order POST, as the server received it. */
  lastPostBody: string | null;
}

/** What the bench asks; each request carries an id the answer repeats. */
export type SimRequest =
  | { op: 'start-main'; records: number }
  | { op: 'start-limited'; records: number; limitPerSecond: number }
  /** Nuvolo answering every work-order POST after `delayMs`, as a real instance over a network does. */
  | { op: 'start-latency'; records: number; delayMs: number }
  /** Every request to either system answered after `delayMs`; PlanGrid issues edited `perMinute` times a minute. */
  | { op: 'start-scale'; records: number; delayMs: number; perMinute: number }
  | { op: 'work-orders'; which: Pair; rawPrefix: string }
  | { op: 'nuvolo-requests'; which: Pair }
  | { op: 'clear-nuvolo-requests'; which: Pair };

/** The simulator pairs of the bench's phases. */
export type Pair = 'main' | 'limited' | 'latency' | 'scale';

export interface SimAnswers {
  'start-main': SimulatorUrls;
  'start-limited': SimulatorUrls;
  'start-latency': SimulatorUrls;
  'start-scale': SimulatorUrls;
  'work-orders': WorkOrderCounts;
  'nuvolo-requests': RequestStats;
  'clear-nuvolo-requests': null;
}

export type Envelope = { id: number } & SimRequest;
export type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
