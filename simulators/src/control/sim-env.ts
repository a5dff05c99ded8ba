import type { HttpBindings } from '@hono/node-server';

/** The Hono environment both simulators run in: Node bindings and the per-request fault marker. */
export type SimEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { fault?: string };
};

/** How an API words its errors: the shared middlewares answer in the dialect of the server they guard. */
export interface ApiDialect {
  rateLimited(hit: RateLimitHit): Response;
  serverError(status: 500 | 503): Response;
  notFound(): Response;
}

export interface RateLimitHit {
  requestType: 'all' | 'write';
  limit: number;
  windowSeconds: number;
  /** When the window resets, in ms since the epoch on the simulator clock. */
  resetAt: number;
  now: number;
}
