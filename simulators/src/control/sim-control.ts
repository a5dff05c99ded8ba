import { readFile, writeFile } from 'node:fs/promises';
import type { SimClock } from '../shared/clock.js';
import { createRng } from '../shared/prng.js';
import type { ChurnOps, ChurnResult, ChurnTarget, SteadyChurn } from './churn.js';
import { createChurn } from './churn.js';
import type { FaultPlan, FaultPlanInput, FaultPlans } from './faults.js';
import { createFaultPlans } from './faults.js';
import type { RateLimiter, RateLimitRule } from './rate-limit.js';
import { createRateLimiter, rateLimitRuleSchema } from './rate-limit.js';
import type { LoggedRequest, RequestFilter, RequestLog } from './request-log.js';
import { createRequestLog } from './request-log.js';

export interface SeedOptions {
  seed: number;
  records: number;
}

/** A person's change to one record in the system's own UI: not an API call, so never in the request log. */
export interface RecordEdit {
  /** The kind of record: a Nuvolo table name, PlanGrid `issues`. */
  object: string;
  id: string;
  fields: Record<string, unknown>;
  /** Who edits; when left out, each simulator picks a person of its own who is not the API user. */
  by?: string | undefined;
}

/** The edited record as the public API serializes it, or why the edit was refused. */
export type RecordEditResult =
  { ok: true; record: unknown } | { ok: false; status: 400 | 404; message: string };

/** What a simulator's data offers to the shared control plane. */
export interface SimBackend {
  readonly simulator: 'plangrid' | 'nuvolo' | 'maximo';
  /** Replaces all data (and data-level configuration) with the seeded set. */
  seed(options: SeedOptions): void;
  churnTarget(): ChurnTarget;
  snapshot(): unknown;
  /** Replaces all data with a snapshot; throws when it is not one of this simulator's. */
  restore(state: unknown): void;
  /**
   * Applies a person's edit as the system's UI would (who and when stamped); `origin` is the server's
   * own `http://host:port`, for the links the API puts in a record. Simulators without it refuse edits.
   */
  editRecord?(edit: RecordEdit, origin: string): RecordEditResult;
}

export interface SimSnapshot {
  simulator: 'plangrid' | 'nuvolo' | 'maximo';
  savedAt: string;
  state: unknown;
}

/** The control plane of one simulator, in process; `/__sim/*` exposes the same operations over HTTP. */
export interface SimControl {
  /** Back to the state the server started in: seeded data, no faults, no churn, empty log, default limits. */
  reset(): void;
  /** Re-seeds the data; options left out keep their current values. */
  seed(options?: Partial<SeedOptions>): SeedOptions;
  churn(ops: ChurnOps): ChurnResult;
  startChurn(options: SteadyChurn): void;
  stopChurn(): void;
  addFault(plan: FaultPlanInput): FaultPlan;
  faults(): FaultPlan[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  requests(filter?: RequestFilter): LoggedRequest[];
  clearRequests(): void;
  rateLimits(): RateLimitRule[];
  /** An empty list turns rate limiting off. */
  setRateLimits(rules: Array<Partial<RateLimitRule> & Pick<RateLimitRule, 'limit' | 'windowSeconds'>>): void;
  /** Moves the simulator clock forward (tokens expire, rate-limit windows roll). */
  advanceClock(ms: number): void;
  now(): Date;
  dump(): SimSnapshot;
  load(snapshot: SimSnapshot): void;
  dumpToFile(file: string): Promise<void>;
  loadFromFile(file: string): Promise<void>;
  /** A person edits one record in the system's UI; `origin` is the simulator's URL (for links in the answer). */
  editRecord(edit: RecordEdit, origin: string): RecordEditResult;
}

/** The pieces the server's middlewares share with the control plane. */
export interface SimParts {
  faults: FaultPlans;
  log: RequestLog;
  limiter: RateLimiter;
}

export interface SimControlOptions {
  backend: SimBackend;
  clock: SimClock;
  seed: SeedOptions;
  rateLimits: RateLimitRule[];
  requestLogSize?: number | undefined;
  /** Clears what the server keeps beside its data, e.g. issued tokens. */
  onReset?: () => void;
}

export function createSimControl(options: SimControlOptions): { control: SimControl; parts: SimParts } {
  const { backend, clock } = options;
  const faults = createFaultPlans(createRng(options.seed.seed ^ 0x5eed));
  const log = createRequestLog(options.requestLogSize);
  const limiter = createRateLimiter(clock, options.rateLimits);
  const churn = createChurn(() => backend.churnTarget(), createRng(options.seed.seed ^ 0xc4a2));
  let current = options.seed;

  const seed = (next: Partial<SeedOptions> = {}): SeedOptions => {
    current = { ...current, ...next };
    backend.seed(current);
    return current;
  };
  const dump = (): SimSnapshot => ({
    simulator: backend.simulator,
    savedAt: new Date(clock.now()).toISOString(),
    state: backend.snapshot(),
  });
  const load = (snapshot: SimSnapshot) => {
    if (snapshot.simulator !== backend.simulator) {
      throw new Error(`this is a ${backend.simulator} simulator; the snapshot is from ${snapshot.simulator}`);
    }
    backend.restore(snapshot.state);
  };

  backend.seed(current);
  const control: SimControl = {
    reset: () => {
      churn.stop();
      faults.clear();
      log.clear();
      clock.reset();
      limiter.setRules(options.rateLimits);
      options.onReset?.();
      current = options.seed;
      backend.seed(current);
    },
    seed,
    churn: (ops) => churn.apply(ops),
    startChurn: (steady) => churn.start(steady),
    stopChurn: () => churn.stop(),
    addFault: (plan) => faults.add(plan),
    faults: () => faults.list(),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    requests: (filter) => log.list(filter),
    clearRequests: () => log.clear(),
    rateLimits: () => limiter.rules(),
    setRateLimits: (rules) => limiter.setRules(rules.map((rule) => rateLimitRuleSchema.parse(rule))),
    advanceClock: (ms) => clock.advance(ms),
    now: () => new Date(clock.now()),
    dump,
    load,
    dumpToFile: async (file) => writeFile(file, JSON.stringify(dump())),
    loadFromFile: async (file) => load(JSON.parse(await readFile(file, 'utf8')) as SimSnapshot),
    editRecord: (edit, origin) =>
      backend.editRecord?.(edit, origin) ?? {
        ok: false,
        status: 404,
        message: `the ${backend.simulator} simulator has no record edits`,
      },
  };
  return { control, parts: { faults, log, limiter } };
}
