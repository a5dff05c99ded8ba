import type {
  Connection,
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
export type ConnectionView = Omit<Connection, 'secret'>;
export type IntegrationView = Integration & { nextStep: WizardStep | null };
export type RunSummary = Omit<Run, 'nodeTraces'>;
export type IntegrationSummary = IntegrationView & { lastRun: RunSummary | null; nextRunAt: string | null };

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
  ports: { in: string[]; out: string[] };
  ui: { order: string[]; fields: Record<string, UiHint> };
  configSchema: JsonSchema;
}

export interface Insights {
  recordsByDay: { day: string; outcomes: Record<string, number> }[];
  runsByDay: { day: string; statuses: Record<string, number> }[];
  topExceptionKinds: { kind: string; count: number }[];
  totals: { records: Record<string, number>; runs: number; averageRunMs: number | null };
}
