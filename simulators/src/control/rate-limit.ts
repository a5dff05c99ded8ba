import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { SimClock } from '../shared/clock.js';
import type { ApiDialect, RateLimitHit, SimEnv } from './sim-env.js';

export const rateLimitRuleSchema = z.object({
  requestType: z.enum(['all', 'write']).default('all'),
  limit: z.number().int().min(0),
  windowSeconds: z.number().int().positive(),
});
export type RateLimitRule = z.output<typeof rateLimitRuleSchema>;

/**
 * Fixed windows aligned on multiples of the window length (an hourly rule resets at the top of
 * the hour, as ServiceNow's do). Each rule counts the requests it applies to.
 */
export interface RateLimiter {
  rules(): RateLimitRule[];
  setRules(rules: RateLimitRule[]): void;
  /** Counts one request; answers the rule it broke, or undefined when it may proceed. */
  take(isWrite: boolean): RateLimitHit | undefined;
  reset(): void;
}

export function createRateLimiter(clock: SimClock, initial: RateLimitRule[]): RateLimiter {
  let rules = initial;
  let windows = rules.map(() => ({ start: 0, count: 0 }));
  return {
    rules: () => rules,
    setRules: (next) => {
      rules = next;
      windows = rules.map(() => ({ start: 0, count: 0 }));
    },
    take: (isWrite) => {
      const now = clock.now();
      let hit: RateLimitHit | undefined;
      rules.forEach((rule, index) => {
        if (rule.requestType === 'write' && !isWrite) return;
        const windowMs = rule.windowSeconds * 1000;
        const start = now - (now % windowMs);
        const window = windows[index] ?? { start, count: 0 };
        if (window.start !== start) Object.assign(window, { start, count: 0 });
        window.count += 1;
        if (window.count > rule.limit && !hit) {
          hit = {
            requestType: rule.requestType,
            limit: rule.limit,
            windowSeconds: rule.windowSeconds,
            resetAt: start + windowMs,
            now,
          };
        }
      });
      return hit;
    },
    reset: () => {
      windows = rules.map(() => ({ start: 0, count: 0 }));
    },
  };
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function rateLimitMiddleware(limiter: RateLimiter, dialect: ApiDialect): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const hit = limiter.take(!readMethods.has(c.req.method));
    if (hit) return dialect.rateLimited(hit);
    await next();
  };
}
