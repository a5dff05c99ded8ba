import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ConnectionSchema, nowIso, type Connection } from '@isync/core';
import { restConnector, type RestConnector } from '@isync/nodes';
import { auditTrail } from '../audit.js';
import { principal } from '../auth/middleware.js';
import { checkConnectionUrl, connectionAddressPolicy } from '../connections/host-policy.js';
import { assertNoCredentialsInUrl } from '../connections/url-credentials.js';
import type { ApiDependencies } from '../deps.js';
import { json, jsonBody, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { checkDefinition } from './connector-definitions.js';

/*
 * The connector builder's test (issue 20 item 2): one endpoint of an unsaved definition against the live
 * API, under the tenant's outbound address policy. A list answers its first page's request, the records
 * the record selector found and the next request paging would make; a create or update answers the
 * request it would send, and sends it only when the body says `confirm: true`.
 */

const tags = ['Connections'];
const Scalar = z.union([z.string().max(2000), z.number(), z.boolean()]);

const BuilderTestBody = z.object({
  definition: z.record(z.string(), z.unknown()),
  baseUrl: ConnectionSchema.shape.baseUrl,
  /** What `{{secrets.<name>}}` stands for while testing; never stored. */
  credentials: z.record(z.string().max(200), z.string().max(4000)).default({}),
  /** What `{{options.<name>}}` stands for. */
  options: z.record(z.string().max(200), Scalar).default({}),
  endpoint: z.enum(['list', 'create', 'update']),
  /** One of the definition's objects; its first by default. */
  object: z.string().min(1).max(200).optional(),
  pageSize: z.number().int().min(1).max(100).default(10),
  /** The record a write would send. */
  fields: z.record(z.string(), z.unknown()).default({}),
  /** The record an update changes. */
  id: z.string().min(1).max(200).optional(),
  /** Send the write for real (a create or update changes the other system). */
  confirm: z.boolean().default(false),
});

const RequestView = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown().optional(),
});
type RequestViewType = z.infer<typeof RequestView>;

const BuilderTestResult = z.object({
  ok: z.boolean(),
  endpoint: z.enum(['list', 'create', 'update']),
  object: z.string(),
  /** Plain words: what happened, or what failed and what to check. */
  message: z.string(),
  request: RequestView.nullable(),
  /** list: the records of the first page, as the record selector found them. */
  records: z.array(z.record(z.string(), z.unknown())).optional(),
  /** list: the request the next page would take; null when paging stops after the first page. */
  next: RequestView.nullable().optional(),
  /** create/update: whether the request was sent (only with confirm: true). */
  sent: z.boolean().optional(),
  /** create/update, sent: the record as the system answered it. */
  written: z
    .object({ id: z.string(), number: z.string().nullable(), fields: z.record(z.string(), z.unknown()) })
    .optional(),
});

/** A rendered request as a person reads it: the whole URL, the headers and the body, credentials masked. */
function requestView(
  request: {
    method: string;
    path: string;
    query: Record<string, string | number>;
    headers: Record<string, string>;
    json?: unknown;
  },
  baseUrl: string,
  mask: (text: string) => string,
): RequestViewType {
  const url = /^https?:\/\//i.test(request.path)
    ? new URL(request.path)
    : new URL(`${baseUrl.replace(/\/+$/, '')}${request.path.startsWith('/') ? '' : '/'}${request.path}`);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, String(value));
  return JSON.parse(
    mask(
      JSON.stringify({
        method: request.method,
        url: url.toString(),
        headers: request.headers,
        ...(request.json !== undefined && { body: request.json }),
      }),
    ),
  ) as RequestViewType;
}

/**
 * Masks every secret credential value wherever it appears (a header, the query, a body, an error message).
 * User names and client ids are not secret, and records often name the user who wrote them.
 */
function masker(credentials: Record<string, string>): (text: string) => string {
  const secrets = Object.entries(credentials)
    .filter(([name, value]) => /pass|secret|token|key/i.test(name) && value.length >= 3)
    .flatMap(([, value]) => [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('•••'), text);
}

export function connectorBuilderRoutes(app: Router, deps: ApiDependencies) {
  const audit = auditTrail(deps);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/connector-definitions/test',
      tags,
      summary:
        "Test one endpoint of an unsaved definition against the live API: a list's first page and next request, or a write's dry preview (sent only with confirm: true)",
      ...protect('systems:manage'),
      request: jsonBody(BuilderTestBody),
      responses: withErrors({ 200: json(BuilderTestResult, 'What the endpoint did or would do') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const body = c.req.valid('json');
      const definition = await checkDefinition(deps, tenantId, body.definition, body.options, '$.definition');
      assertNoCredentialsInUrl(body.baseUrl, 'bearer');
      const policy = await connectionAddressPolicy(deps, tenantId);
      await checkConnectionUrl(body.baseUrl, policy, deps.resolveHost);
      const object = body.object ?? definition.objects[0]!.name;
      const mask = masker(body.credentials);
      const at = nowIso();
      const connection: Connection = {
        id: 'connector-builder',
        tenantId,
        system: 'rest',
        name: definition.name ?? 'the system under test',
        baseUrl: body.baseUrl,
        authKind: 'bearer',
        options: { ...body.options, definition: body.definition },
        secret: 'v1.builder.none.none',
        createdAt: at,
        updatedAt: at,
      };
      const connector: RestConnector = restConnector(
        {
          connection,
          credentials: body.credentials,
          logger: deps.logger,
          http: {
            addressPolicy: policy,
            ...(deps.resolveHost && { resolveHost: deps.resolveHost }),
            retry: { maxRetries: 1, maxTotalWaitMs: 5_000 },
          },
        },
        definition,
      );
      const base = { endpoint: body.endpoint, object };
      const view = (request: Parameters<typeof requestView>[0]) => requestView(request, body.baseUrl, mask);
      try {
        if (body.endpoint === 'list') {
          const page = await connector.previewList(object, body.pageSize, c.req.raw.signal);
          return c.json(
            {
              ...base,
              ok: true,
              message: `The first page has ${page.records.length} record${page.records.length === 1 ? '' : 's'}${page.next ? '; paging would go on with the next request' : '; paging stops after it'}.`,
              request: view(page.request),
              records: JSON.parse(mask(JSON.stringify(page.records))) as Record<string, unknown>[],
              next: page.next ? view(page.next) : null,
            },
            200,
          );
        }
        if (body.endpoint === 'update' && body.id === undefined)
          return c.json(
            { ...base, ok: false, message: 'Say which record to update (id).', request: null, sent: false },
            200,
          );
        const request = view(connector.previewWrite(body.endpoint, object, body.fields, body.id));
        if (!body.confirm)
          return c.json(
            {
              ...base,
              ok: true,
              message: 'Not sent: this is the request the write would make. Send it with confirm.',
              request,
              sent: false,
            },
            200,
          );
        const written =
          body.endpoint === 'create'
            ? await connector.create(object, body.fields, c.req.raw.signal)
            : await connector.update(object, body.id!, body.fields, c.req.raw.signal);
        await audit(c, {
          action: 'connector-definition.write-sent',
          target: { type: 'tenant', id: tenantId },
          summary: `Connector builder: sent a ${body.endpoint} of ${object} to ${new URL(body.baseUrl).host} (record ${written.id})`,
          details: {
            endpoint: body.endpoint,
            object,
            host: new URL(body.baseUrl).host,
            recordId: written.id,
          },
        });
        return c.json(
          {
            ...base,
            ok: true,
            message: `Sent: ${body.endpoint === 'create' ? 'created' : 'updated'} ${object} ${written.number ?? written.id}.`,
            request,
            sent: true,
            written: JSON.parse(mask(JSON.stringify(written))) as typeof written,
          },
          200,
        );
      } catch (error) {
        // The other system or the definition failed, not iSync: the test says so in plain words.
        const message = error instanceof Error ? error.message : String(error);
        return c.json(
          {
            ...base,
            ok: false,
            message: mask(message),
            request: null,
            ...(body.endpoint !== 'list' && { sent: false }),
          },
          200,
        );
      } finally {
        await connector.close();
      }
    },
  );
}
