import type { MiddlewareHandler } from 'hono';
import { pathMatcher } from './path-pattern.js';
import type { SimEnv } from './sim-env.js';

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** The injected fault that answered or delayed the request, if any. */
  fault?: string;
  /** `basic`, `bearer`, `apikey` or absent: which kind of credentials came, never the credentials. */
  auth?: string;
  /** The `x-method-override` header (Maximo: a POST sent as PATCH or DELETE). */
  methodOverride?: string;
  accept?: string;
  contentType?: string;
  /** The raw body of a write. */
  body?: string;
}

export interface RequestFilter {
  method?: string | undefined;
  path?: string | undefined;
  sinceSeq?: number | undefined;
}

/** A bounded log of the API requests a server answered, for tests to assert on. */
export interface RequestLog {
  add(entry: Omit<LoggedRequest, 'seq'>): void;
  list(filter?: RequestFilter): LoggedRequest[];
  clear(): void;
}

export function createRequestLog(capacity = 1000): RequestLog {
  let entries: LoggedRequest[] = [];
  let seq = 0;
  return {
    add: (entry) => {
      entries.push({ seq: ++seq, ...entry });
      // Trim in chunks so that a busy server does not shift the array on every request.
      if (entries.length > capacity * 1.25) entries = entries.slice(entries.length - capacity);
    },
    list: ({ method, path, sinceSeq } = {}) => {
      const matches = path ? pathMatcher(path) : () => true;
      return entries
        .slice(-capacity)
        .filter(
          (entry) =>
            (!method || entry.method === method.toUpperCase()) &&
            matches(entry.path) &&
            (sinceSeq === undefined || entry.seq > sinceSeq),
        );
    },
    clear: () => {
      entries = [];
    },
  };
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function requestLogMiddleware(log: RequestLog, clock: { now(): number }): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const body = writeMethods.has(method) ? await c.req.text() : undefined;
    await next();
    const authorization = c.req.header('authorization') ?? (c.req.header('apikey') ? 'apikey' : undefined);
    const methodOverride = c.req.header('x-method-override');
    const accept = c.req.header('accept');
    const contentType = c.req.header('content-type');
    const fault = c.get('fault');
    log.add({
      at: new Date(clock.now()).toISOString(),
      method,
      path: c.req.path,
      query: c.req.query(),
      status: c.res.status,
      ...(fault ? { fault } : {}),
      ...(authorization ? { auth: authorization.split(' ')[0]?.toLowerCase() ?? '' } : {}),
      ...(methodOverride ? { methodOverride } : {}),
      ...(accept ? { accept } : {}),
      ...(contentType ? { contentType } : {}),
      ...(body ? { body } : {}),
    });
  };
}
