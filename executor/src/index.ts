export {
  executeRun,
  DEFAULT_ENGINE_OPTIONS,
  type EngineDependencies,
  type EngineOptions,
  type RunObserver,
  type RunRequest,
} from './engine/run.js';
export { runConnectors, tenantAddressPolicy, type RunConnectors } from './connectors.js';
export { ConnectorCache, type ConnectorCacheOptions } from './connector-cache.js';
export { runKeep, type RunKeep } from './run-keep.js';

export type { RunNowAnswer, Scheduler, StopAnswer } from './schedulers/scheduler.js';
export { cancelRun, RunRefused, type CancelAnswer } from './schedulers/run-now.js';
export { RunCancel } from './engine/run.js';
export { InProcessScheduler, type InProcessSchedulerOptions } from './schedulers/in-process.js';
export { offsetFor } from './schedulers/spread.js';
// The BullMQ scheduler is `@isync/executor/queue`: only a queue-mode process loads BullMQ and ioredis.
export type { QueueScheduler, QueueSchedulerOptions, RunJob, RunJobOutcome } from './schedulers/bullmq.js';
export { replay, type ReplayResult, type ReplaySelection } from './replay.js';
export { decideConflict, ConflictDecisionRefused, type ConflictDecision } from './decide-conflict.js';
export { conflictMessage } from './engine/two-way/pairs.js';
export { serveUntilStopped, type ServeOptions } from './worker.js';
export {
  pruneAll,
  scheduleDailyPrune,
  type DailyPruneOptions,
  type PruneAllOptions,
  type PruneAllResult,
} from './maintenance.js';
export { assertSchedulable, nextFireTimes, smallestGapSeconds, ScheduleProblem } from './schedulers/cron.js';
export { testRun, type TestRunRequest } from './test-run.js';
