import type { RateLimitRule } from './rate-limit.js';
import { rateLimitRuleSchema } from './rate-limit.js';
import type { SimControl } from './sim-control.js';

export type RateLimitInput = Partial<RateLimitRule> & Pick<RateLimitRule, 'limit' | 'windowSeconds'>;

/** Options both simulators take. */
export interface CommonSimOptions {
  /** Seed of the generated data (default 1): the same seed gives the same data. */
  seed?: number;
  /** How many main records to seed (PlanGrid issues, Nuvolo work orders). */
  records?: number;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Rate-limit rules; `false` turns rate limiting off. */
  rateLimit?: false | RateLimitInput | RateLimitInput[];
  /** Seeded timestamps are generated around this instant (default 2025-01-06T09:00:00Z). */
  baseTime?: Date | string | number;
  /** Bearer token lifetime. */
  tokenTtlSeconds?: number;
  /** How many API requests the request log keeps (default 1000). */
  requestLogSize?: number;
}

export interface RunningSimulator<Control extends SimControl> {
  url: string;
  control: Control;
  close(): Promise<void>;
}

export const DEFAULT_BASE_TIME = Date.parse('2025-01-06T09:00:00Z');

export function rateLimitRules(
  input: CommonSimOptions['rateLimit'],
  fallback: RateLimitRule[],
): RateLimitRule[] {
  if (input === false) return [];
  if (input === undefined) return fallback;
  return (Array.isArray(input) ? input : [input]).map((rule) => rateLimitRuleSchema.parse(rule));
}

export function baseTimeMs(input: CommonSimOptions['baseTime']): number {
  if (input === undefined) return DEFAULT_BASE_TIME;
  const ms = input instanceof Date ? input.getTime() : typeof input === 'number' ? input : Date.parse(input);
  if (Number.isNaN(ms)) throw new Error(`baseTime is not a date: ${String(input)}`);
  return ms;
}
