import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { SimClock } from '../shared/clock.js';
import type { Rng } from '../shared/prng.js';
import { createOverlap, duplicateRecords, truncatedBody } from './list-faults.js';
import { pathMatcher } from './path-pattern.js';
import type { RateLimiter } from './rate-limit.js';
import type { ApiDialect, SimEnv } from './sim-env.js';

export const faultPlanSchema = z
  .object({
    /** Which requests: a path pattern where `*` matches anything, and optionally one method. */
    path: z.string().default('*'),
    method: z
      .string()
      .transform((method) => method.toUpperCase())
      .optional(),
    fault: z.preprocess(
      (value) => (typeof value === 'number' ? String(value) : value),
      z.enum(['429', '500', '503', 'slow', 'drop', 'malformed', 'truncated', 'duplicate', 'overlap']),
    ),
    /** For `slow`: how long to hold the request before answering it normally. */
    delayMs: z.number().int().min(0).max(120_000).default(1000),
    /** Fire on the next N matching requests; without it the plan stays until removed. */
    times: z.number().int().positive().optional(),
    /** Fire on each matching request with this probability (seeded, so runs repeat). */
    probability: z.number().min(0).max(1).default(1),
  })
  .strict();
export type FaultPlanInput = z.input<typeof faultPlanSchema>;
export type FaultKind = z.output<typeof faultPlanSchema>['fault'];

export interface FaultPlan {
  id: string;
  path: string;
  method?: string;
  fault: FaultKind;
  delayMs: number;
  times?: number;
  probability: number;
  /** How many more times it fires (absent: unlimited). */
  remaining?: number;
  fired: number;
}

export interface FaultPlans {
  add(input: FaultPlanInput): FaultPlan;
  list(): FaultPlan[];
  remove(id: string): boolean;
  clear(): void;
  /** The plan that fires for this request, if any; counts it as fired. */
  take(method: string, path: string): FaultPlan | undefined;
  /** Records an `overlap` page carries into the next page of its path (cleared with the plans). */
  readonly overlap: ReturnType<typeof createOverlap>;
}

export function createFaultPlans(rng: Rng): FaultPlans {
  let plans: Array<FaultPlan & { matches: (path: string) => boolean }> = [];
  let nextId = 1;
  const publicView = ({ matches: _matches, ...plan }: FaultPlan & { matches: unknown }): FaultPlan => plan;
  const overlap = createOverlap();
  return {
    overlap,
    add: (input) => {
      const parsed = faultPlanSchema.parse(input);
      const plan: FaultPlan = {
        id: `fault-${nextId++}`,
        path: parsed.path,
        fault: parsed.fault,
        delayMs: parsed.delayMs,
        probability: parsed.probability,
        fired: 0,
        ...(parsed.method ? { method: parsed.method } : {}),
        ...(parsed.times ? { times: parsed.times, remaining: parsed.times } : {}),
      };
      plans.push({ ...plan, matches: pathMatcher(plan.path) });
      return plan;
    },
    list: () => plans.map(publicView),
    remove: (id) => {
      const before = plans.length;
      plans = plans.filter((plan) => plan.id !== id);
      return plans.length < before;
    },
    clear: () => {
      plans = [];
      overlap.clear();
    },
    take: (method, path) => {
      for (const plan of plans) {
        if (plan.remaining === 0) continue;
        if (plan.method && plan.method !== method) continue;
        if (!plan.matches(path)) continue;
        if (plan.probability < 1 && !rng.chance(plan.probability)) continue;
        plan.fired += 1;
        if (plan.remaining !== undefined) plan.remaining -= 1;
        return publicView(plan);
      }
      return undefined;
    },
  };
}

/** The real answer cut in half: a complete body that claims JSON and does not parse. */
async function halfBody(response: Response): Promise<Response> {
  const text = await response.text();
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: response.status,
    headers: { 'content-type': 'application/json' },
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies the fault plans to API requests, answering in the server's own error dialect. */
export function faultMiddleware(
  plans: FaultPlans,
  dialect: ApiDialect,
  clock: SimClock,
  limiter: RateLimiter,
): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const plan = plans.take(c.req.method, c.req.path);
    if (!plan) {
      await next();
      if (plans.overlap.pending()) c.res = await plans.overlap.carry(c.req.path, c.res);
      return;
    }
    c.set('fault', plan.fault);
    switch (plan.fault) {
      case '429': {
        // Answer as if the first configured rule had been broken.
        const now = clock.now();
        const rule = limiter.rules()[0] ?? { requestType: 'all' as const, limit: 0, windowSeconds: 1 };
        const windowMs = rule.windowSeconds * 1000;
        return dialect.rateLimited({ ...rule, resetAt: now - (now % windowMs) + windowMs, now });
      }
      case '500':
      case '503':
        return dialect.serverError(plan.fault === '500' ? 500 : 503);
      case 'slow':
        await delay(plan.delayMs);
        return next();
      case 'drop':
        c.env.incoming?.socket.destroy();
        return new Response(null, { status: 502 });
      case 'malformed':
        await next();
        c.res = await halfBody(c.res);
        return;
      case 'truncated': {
        const socket = c.env.incoming?.socket;
        await next();
        c.res = await truncatedBody(c.res, socket && (() => socket.destroy()));
        return;
      }
      case 'duplicate':
        await next();
        c.res = await duplicateRecords(c.res);
        return;
      case 'overlap':
        await next();
        c.res = await plans.overlap.remember(c.req.path, await plans.overlap.carry(c.req.path, c.res));
        return;
    }
  };
}
