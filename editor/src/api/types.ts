import type {
  Connection,
  Flow,
  ExceptionLog,
  Integration,
  NodeTrace,
  Permission,
  RecordEvent,
  Role,
  Run,
  SyncRecord,
  Tenant,
  TenantUsage,
  User,
  WizardStep,
} from '@isync/core';

/** What the API answers, as the editor reads it (the domain types minus what never leaves the API). */
export type { ExceptionLog, NodeTrace, Permission, RecordEvent, Role, Run, SyncRecord, Tenant, TenantUsage };
export type UserView = Omit<User, 'passwordHash'>;
/** An exception as the inbox lists it: naming its record (source id and title), when it still exists. */
export type ExceptionRow = ExceptionLog & {
  record?: { id: string; sourceId: string; title: string | null } | null;
};
export type ConnectionView = Omit<Connection, 'secret'>;
/** Who did something, as the API names them. */
export interface Author {
  id: string;
  name: string;
}

/** One difference between two versions of a flow (or a version and the draft), by node and field. */
export interface FlowChange {
  kind: 'node-added' | 'node-removed' | 'node-changed' | 'edge-added' | 'edge-removed';
  nodeId: string | null;
  /** The node's label (or its type's), or "source → filter" for an edge. */
  label: string;
  /** node-changed: the config paths that differ, e.g. "rule", "create.2.value", "label". */
  fields: string[];
  /** In plain words, e.g. 'Filter "Only open issues" added'. */
  summary: string;
}

/**
 * An integration as the API answers it: its draft (`flow`, what the wizard and the canvas edit) and the
 * published plan version the schedule runs (`liveVersion`; `planVersion` is its older name).
 */
export type IntegrationView = Omit<
  Integration,
  'draftRevision' | 'draftSavedBy' | 'draftSavedAt' | 'liveVersion'
> & {
  nextStep: WizardStep | null;
  liveVersion: number | null;
  /** Increments on every save of the draft; the canvas sends the one it loaded as If-Match. */
  draftRevision: number;
  draftSavedBy: Author | null;
  draftSavedAt: string | null;
};
export type RunSummary = Omit<Run, 'nodeTraces'>;
export type IntegrationSummary = IntegrationView & {
  lastRun: RunSummary | null;
  nextRunAt: string | null;
  /** The draft against the live version (every node listed as added when never published). */
  draft: { differs: boolean; changes: FlowChange[] };
  /** Other active integrations reading the same source scope and writing the same destination table. */
  overlaps: { id: string; title: string }[];
};

/** A published plan version: immutable, with who published it and when. */
export interface PlanVersion {
  version: number;
  hash: string;
  createdAt: string;
  createdBy: Author | null;
  /** Set when this version re-published an older version's content. */
  rolledBackFrom: number | null;
  flow: Flow | null;
}

export interface PlanDiff {
  from: number | 'draft';
  to: number | 'draft';
  changes: FlowChange[];
}

export interface Me {
  user: UserView;
  tenant: Tenant;
  role: Role;
  csrfToken: string | null;
  /** What the role may do: actions it may not are not offered. */
  permissions: Permission[];
}

export interface Problem {
  nodeId: string | null;
  field: string | null;
  severity: 'error' | 'warning';
  message: string;
}

export interface FieldDescription {
  name: string;
  label: string;
  type: string;
  required: boolean;
  choices?: { value: string; label: string }[];
}

export interface ObjectDescription {
  name: string;
  label: string;
  fields: FieldDescription[];
  statuses: { value: string; label: string }[];
  statusField: string | null;
}

export interface SystemDescription {
  system: string;
  objects: ObjectDescription[];
  /** The projects the connection's account can reach, where the system has projects (PlanGrid). */
  projects?: { id: string; name: string }[];
}

export interface UiHint {
  widget: string;
  label: string;
  help?: string;
  options?: { value: string; label: string }[];
  picker?: { from: string; to: string };
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface NodeType {
  type: string;
  label: string;
  icon: string;
  category: string;
  description: string;
  /** maxInputs/maxOutputs: how many edges may enter or leave a node of this type (null: any). */
  ports: { in: string[]; out: string[]; maxInputs?: number | null; maxOutputs?: number | null };
  ui: { order: string[]; fields: Record<string, UiHint> };
  configSchema: JsonSchema;
}

export interface Insights {
  recordsByDay: { day: string; outcomes: Record<string, number> }[];
  runsByDay: { day: string; statuses: Record<string, number> }[];
  topExceptionKinds: { kind: string; count: number }[];
  totals: { records: Record<string, number>; runs: number; averageRunMs: number | null };
}
