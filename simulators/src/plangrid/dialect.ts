import type { ApiDialect } from '../control/sim-env.js';

/** PlanGrid answers every error as `{"message": "..."}`. */
export function plangridError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ message }, { status, headers });
}

export const plangridDialect: ApiDialect = {
  rateLimited: (hit) =>
    Response.json(
      {
        message: 'Rate limit exceeded. Please slow down and retry after the reset time.',
        rate_limit: {
          request_type: hit.requestType,
          interval: hit.windowSeconds,
          limit: hit.limit,
          remaining: 0,
          reset: new Date(hit.resetAt).toISOString(),
        },
      },
      {
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil((hit.resetAt - hit.now) / 1000))) },
      },
    ),
  serverError: (status) =>
    plangridError(
      status,
      status === 503 ? 'Service temporarily unavailable, please retry' : 'Internal server error',
    ),
  notFound: () => plangridError(404, 'Not found'),
};
