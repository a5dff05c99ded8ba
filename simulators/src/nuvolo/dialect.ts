import type { ApiDialect } from '../control/sim-env.js';

/** ServiceNow's error body: `{"error": {"message", "detail"}, "status": "failure"}`. */
export function nowError(
  status: number,
  message: string,
  detail: string | null = null,
  headers: Record<string, string> = {},
) {
  return Response.json({ error: { message, detail }, status: 'failure' }, { status, headers });
}

export const nuvoloDialect: ApiDialect = {
  rateLimited: (hit) => {
    const per = hit.windowSeconds === 3600 ? 'hour' : `${hit.windowSeconds} seconds`;
    return nowError(
      429,
      'Rate limit exceeded',
      `Rate limit of ${hit.limit} requests per ${per} for Table API exceeded`,
      {
        'retry-after': String(Math.max(1, Math.ceil((hit.resetAt - hit.now) / 1000))),
        'x-ratelimit-limit': String(hit.limit),
        'x-ratelimit-reset': String(Math.floor(hit.resetAt / 1000)),
      },
    );
  },
  serverError: (status) =>
    status === 503
      ? nowError(503, 'Service Unavailable', 'The instance is temporarily unavailable; retry later')
      : nowError(500, 'Internal Server Error', 'An unexpected error occurred while processing the request'),
  notFound: () => nowError(400, 'Requested URI does not represent any resource', null),
};
