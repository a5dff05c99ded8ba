import { HttpError } from '../../http/index.js';
import type { HttpMethod, HttpResponse } from '../../http/index.js';
import type { AuthedApi } from '../shared/auth.js';
import { signalOf } from '../shared/http.js';
import type { ErrorRule } from './definition.js';
import { decide } from './error-handler.js';
import type { TemplateValues } from './template.js';
import { render, renderAll, renderBody } from './template.js';

/** What an endpoint of a definition says about one request. */
export interface EndpointTemplate {
  method: HttpMethod;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  methodOverride?: { header: string; method: HttpMethod } | undefined;
  errors?: readonly ErrorRule[] | undefined;
}

/** A request as it will be sent (what the builder previews, too). */
export interface RenderedRequest {
  method: HttpMethod;
  /** A path under the base URL, or a same-origin URL. */
  path: string;
  query: Record<string, string | number>;
  headers: Record<string, string>;
  json?: unknown;
  /** The endpoint's own error rules, checked before the definition's. */
  errors?: readonly ErrorRule[];
}

export interface SendOptions {
  /** In messages: "create work order", "the list". */
  what: string;
  signal?: AbortSignal | undefined;
  /** Statuses worth repeating for a request that must not take effect twice (a create). */
  retryOn?: readonly number[] | undefined;
}

export type Sent = { ignored: false; response: HttpResponse } | { ignored: true };

/** Renders a definition's endpoint for these values. */
export function renderEndpoint(
  endpoint: EndpointTemplate,
  values: TemplateValues,
  where: string,
  defaultBody?: unknown,
): RenderedRequest {
  const override = endpoint.methodOverride;
  const headers = renderAll(endpoint.headers, values, 'header', `${where}.headers`);
  if (override) headers[override.header] = override.method;
  const json = endpoint.body !== undefined ? renderBody(endpoint.body, values, `${where}.body`) : defaultBody;
  return {
    method: override ? 'POST' : endpoint.method,
    path: render(endpoint.path, values, 'path', `${where}.path`),
    query: renderAll(endpoint.query, values, 'query', `${where}.query`),
    headers,
    ...(json !== undefined && { json }),
    ...(endpoint.errors && { errors: endpoint.errors }),
  };
}

/** Sends requests with the connection's credentials, through the definition's error handler. */
export class RestCaller {
  constructor(
    private readonly api: AuthedApi,
    private readonly rules: readonly ErrorRule[],
    /** Query parameters every request carries (an API key in the query). */
    private readonly authQuery: Readonly<Record<string, string>>,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  async send(request: RenderedRequest, options: SendOptions): Promise<Sent> {
    for (let retries = 0; ; retries++) {
      try {
        const response = await this.api.request({
          method: request.method,
          path: request.path,
          query: { ...this.authQuery, ...request.query },
          headers: request.headers,
          ...(request.json !== undefined && { json: request.json }),
          ...(options.retryOn && { retryOn: options.retryOn }),
          ...signalOf(options.signal),
        });
        return { ignored: false, response };
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const decision = decide([...(request.errors ?? []), ...this.rules], error, retries, options.what);
        // A rule may not repeat a create after an answer that does not prove it was not made (a 500, a 502).
        if (decision.action === 'retry' && options.retryOn && !provesUnprocessed(error, options.retryOn))
          throw error;
        switch (decision.action) {
          case 'rethrow':
            throw error;
          case 'fail':
            throw decision.error;
          case 'ignore':
            return { ignored: true };
          case 'retry':
            await this.sleep(decision.delayMs, options.signal);
        }
      }
    }
  }
}

const provesUnprocessed = (error: unknown, statuses: readonly number[]) =>
  error instanceof HttpError && error.status !== undefined && statuses.includes(error.status);
