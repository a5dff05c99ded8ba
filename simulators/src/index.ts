export { startPlanGrid } from './plangrid/server.js';
export type { PlanGridControl, PlanGridOptions } from './plangrid/server.js';
export type {
  Issue,
  IssueStatus,
  IssueType,
  PlanGridUser,
  Project,
  Rfi,
  RfiStatus,
} from './plangrid/types.js';
export type { CommonSimOptions, RateLimitInput, RunningSimulator } from './control/options.js';
export type {
  RecordEdit,
  RecordEditResult,
  SeedOptions,
  SimControl,
  SimSnapshot,
} from './control/sim-control.js';
export type { ChurnOps, ChurnResult, SteadyChurn } from './control/churn.js';
export type { FaultPlan, FaultPlanInput } from './control/faults.js';
export type { LoggedRequest, RequestFilter } from './control/request-log.js';
export type { RateLimitRule } from './control/rate-limit.js';
export { PEOPLE, ROOMS } from './shared/catalogue.js';
export type { Person, Room } from './shared/catalogue.js';
export { startNuvolo } from './nuvolo/server.js';
export type { NuvoloControl, NuvoloOptions } from './nuvolo/server.js';
export type { StagingTable } from './nuvolo/import-set.js';
export type { Choice } from './nuvolo/schema.js';
export { LOCATIONS, TABLES, USERS, WORK_ORDERS } from './nuvolo/schema.js';
export type { Row } from './nuvolo/table-store.js';
export { MAXIMO_API_KEY, MAXIMO_READ_ONLY_API_KEY, startMaximo } from './maximo/server.js';
export type { MaximoControl, MaximoOptions } from './maximo/server.js';
export { WO_STATUSES } from './maximo/store.js';
