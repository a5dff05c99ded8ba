/*
 * What a test run answers ("test with live data"): what each record would go through and become, and
 * nothing written. The executor makes it; the API sends it; the editor shows it.
 */

/** What one node did with the record. */
export interface NodeStep {
  nodeId: string;
  label: string;
  outcome: 'passed' | 'skipped' | 'failed';
  /** The destination fields set so far, after this node. */
  fields?: Record<string, unknown>;
  reason?: string;
}

export interface FieldChange {
  field: string;
  current: unknown;
  next: unknown;
  changed: boolean;
}

/** What would happen in the destination. */
export type DestinationOutcome =
  | { kind: 'create'; body: Record<string, unknown> }
  | { kind: 'update'; destinationId: string; diff: FieldChange[]; body: Record<string, unknown> }
  | { kind: 'link'; destinationId: string; match: { field: string; value: string } }
  | { kind: 'skip'; nodeId: string; reason: string }
  | { kind: 'fail'; nodeId: string; message: string };

export interface TestRunRecord {
  sourceId: string;
  /** The source record as pulled. */
  source: Record<string, unknown>;
  /** Whether iSync already created or linked its destination record. */
  known: boolean;
  steps: NodeStep[];
  outcome: DestinationOutcome;
}

export interface TestRunNodeCount {
  nodeId: string;
  in: number;
  out: number;
  skipped: number;
  failed: number;
}

export interface TestRunResult {
  records: TestRunRecord[];
  nodes: TestRunNodeCount[];
  /** Source ids asked for and not found in what was read. */
  notFound: string[];
}
