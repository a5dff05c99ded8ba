import { LRUCache } from 'lru-cache';

/*
 * Lookup answers kept across the runs of one plan version: an every-minute integration asks Nuvolo for the
 * same rooms and people run after run. An answer found is kept for a while (the TTL bounds how stale it may
 * get); "not found" is never kept across runs, so a location added in the destination is used at the next
 * run. Publishing makes a new plan version, whose answers start afresh; one tenant's plan never reads
 * another's answers (the plan key holds the tenant).
 */

export interface LookupCacheOptions {
  /** Answers kept across all plans (least recently used go first). Default 50,000. */
  max?: number;
  /** How long an answer is trusted. Default 5 minutes. */
  ttlMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** One plan version's view: the lookup runtime's keys, scoped to the plan. */
export interface PlanLookups {
  get(key: string): { value: unknown } | undefined;
  set(key: string, value: unknown): void;
}

export class LookupCache {
  private readonly answers: LRUCache<string, { value: unknown }>;

  constructor({ max = 50_000, ttlMs = 5 * 60_000, now }: LookupCacheOptions = {}) {
    this.answers = new LRUCache({ max, ttl: ttlMs, ttlResolution: 0, ...(now && { perf: { now } }) });
  }

  /** `planKey` names tenant, integration, version and content (e.g. `tenant/integration/3/hash`). */
  forPlan(planKey: string): PlanLookups {
    return {
      get: (key) => this.answers.get(`${planKey}\u0000${key}`),
      set: (key, value) => void this.answers.set(`${planKey}\u0000${key}`, { value }),
    };
  }

  get size(): number {
    return this.answers.size;
  }
}
