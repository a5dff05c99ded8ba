import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  AuthKindSchema,
  ConflictError,
  ConnectionSchema,
  sealCredentials,
  SystemSchema,
  ValidationError,
  type AuthKind,
  type FieldDescription,
} from '@isync/core';
import { runConnectors } from '@isync/executor';
import { HttpError, type Connector } from '@isync/nodes';
import { auditTrail, changedFields } from '../audit.js';
import { principal } from '../auth/middleware.js';
import { CREDENTIALS, CredentialsSchema } from '../connections/credentials.js';
import {
  checkConnectionUrl,
  connectionAddressPolicy,
  connectorAddressing,
} from '../connections/host-policy.js';
import { assertNoCredentialsInUrl } from '../connections/url-credentials.js';
import { checkConnectionDefinition } from './connector-definitions.js';
import { withTenantSystem } from './tenant-systems.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { connectionView, ConnectionView } from '../views.js';

const NewConnectionBody = z.object({
  system: SystemSchema,
  name: ConnectionSchema.shape.name,
  baseUrl: ConnectionSchema.shape.baseUrl,
  authKind: AuthKindSchema,
  options: ConnectionSchema.shape.options.default({}),
  credentials: CredentialsSchema,
});
const ConnectionPatchBody = NewConnectionBody.partial();

const TestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
const Field: z.ZodType<FieldDescription> = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['string', 'number', 'boolean', 'date', 'datetime', 'reference', 'choice', 'object', 'array']),
  required: z.boolean(),
  reference: z.string().optional(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  format: z.string().optional(),
}) as z.ZodType<FieldDescription>;
const Description = z.object({
  system: z.string(),
  objects: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      fields: z.array(Field),
      statuses: z.array(z.object({ value: z.string(), label: z.string() })),
      statusField: z.string().nullable(),
    }),
  ),
  projects: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});

const tags = ['Connections'];

/** Validates credentials for their kind of authentication; the error names the missing or wrong field. */
function parseCredentials(authKind: AuthKind, credentials: Record<string, unknown>) {
  const parsed = CREDENTIALS[authKind].safeParse(credentials);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(`credentials.${issue.path.join('.')}: ${issue.message} (for ${authKind})`, {
      issues: parsed.error.issues.map((i) => ({
        path: `credentials.${i.path.join('.')}`,
        message: i.message,
      })),
    });
  }
  return parsed.data;
}

export function connectionRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);

  /** Runs one call against a connection's connector, and closes it. */
  async function withConnector<T>(
    tenantId: string,
    id: string,
    use: (connector: Connector) => Promise<T>,
  ): Promise<T> {
    if (!(await store.connections.get(tenantId, id))) throw notFound('Connection', id);
    const connectors = runConnectors({
      store,
      keyring: deps.keyring,
      tenantId,
      logger: deps.logger,
      http: connectorAddressing(deps),
    });
    try {
      return await use(await connectors.get(id));
    } catch (error) {
      // The other system failed, not iSync: a 502 with the client's (already redacted) message, not a 500.
      if (error instanceof HttpError) {
        throw new ApiError('connection_failed', error.message, 502, {
          system: error.system,
          kind: error.kind,
          status: error.status ?? null,
        });
      }
      throw error;
    } finally {
      await connectors.close();
    }
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connections',
      tags,
      summary: "The tenant's connections (credentials are never returned)",
      ...protect('connections:read'),
      request: { query: PageQuery },
      responses: withErrors({ 200: json(pageOf(ConnectionView), 'Connections, newest first') }),
    }),
    async (c) => {
      const page = await store.connections.list(principal(c).actingTenantId, {
        ...c.req.valid('query'),
        withTotal: true,
      });
      return c.json({ ...page, items: page.items.map(connectionView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/connections',
      tags,
      summary: 'Add a connection; its credentials are sealed and write-only',
      ...protect('connections:manage'),
      request: jsonBody(NewConnectionBody),
      responses: withErrors({ 201: json(ConnectionView, 'Created') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { credentials, ...body } = c.req.valid('json');
      const input = { ...body, options: await withTenantSystem(store, tenantId, body.system, body.options) };
      assertNoCredentialsInUrl(input.baseUrl, input.authKind);
      await checkConnectionDefinition(deps, tenantId, input.system, input.options);
      await checkConnectionUrl(
        input.baseUrl,
        await connectionAddressPolicy(deps, tenantId),
        deps.resolveHost,
      );
      const secret = sealCredentials(deps.keyring, parseCredentials(input.authKind, credentials), tenantId);
      const connection = await store.connections.create(tenantId, { ...input, secret });
      await audit(c, {
        action: 'connection.created',
        target: { type: 'connection', id: connection.id },
        summary: `Created ${connection.system} connection "${connection.name}"`,
        details: { system: connection.system, authKind: connection.authKind, credentials: 'credentials set' },
      });
      return c.json(connectionView(connection), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connections/{id}',
      tags,
      summary: 'A connection',
      ...protect('connections:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(ConnectionView, 'The connection') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const connection = await store.connections.get(principal(c).actingTenantId, id);
      if (!connection) throw notFound('Connection', id);
      return c.json(connectionView(connection), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/connections/{id}',
      tags,
      summary: 'Change a connection; send credentials only to replace them',
      ...protect('connections:manage'),
      request: { params: IdParam, ...jsonBody(ConnectionPatchBody) },
      responses: withErrors({ 200: json(ConnectionView, 'Updated') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { id } = c.req.valid('param');
      const current = await store.connections.get(tenantId, id);
      if (!current) throw notFound('Connection', id);
      const { credentials, ...body } = c.req.valid('json');
      const patch = body.options
        ? {
            ...body,
            options: await withTenantSystem(store, tenantId, body.system ?? current.system, body.options),
          }
        : body;
      if (patch.baseUrl) assertNoCredentialsInUrl(patch.baseUrl, patch.authKind ?? current.authKind);
      if (patch.baseUrl) {
        await checkConnectionUrl(
          patch.baseUrl,
          await connectionAddressPolicy(deps, tenantId),
          deps.resolveHost,
        );
      }
      if (patch.system || patch.options)
        await checkConnectionDefinition(
          deps,
          tenantId,
          patch.system ?? current.system,
          patch.options ?? current.options,
        );
      const authKind = patch.authKind ?? current.authKind;
      if (patch.authKind && patch.authKind !== current.authKind && !credentials) {
        throw new ValidationError(`Changing to ${patch.authKind} needs its credentials.`);
      }
      const secret = credentials
        ? sealCredentials(deps.keyring, parseCredentials(authKind, credentials), tenantId)
        : undefined;
      const updated = await store.connections.update(tenantId, id, { ...patch, ...(secret && { secret }) });
      // Field names only (a base URL may carry a user name); new credentials are never described.
      await audit(c, {
        action: 'connection.updated',
        target: { type: 'connection', id },
        summary: `Updated connection "${updated!.name}"${secret ? ': credentials replaced' : ''}`,
        details: { fields: changedFields(patch), ...(secret && { credentials: 'credentials replaced' }) },
      });
      return c.json(connectionView(updated!), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/connections/{id}',
      tags,
      summary: 'Delete a connection no live integration uses',
      ...protect('connections:manage'),
      request: { params: IdParam },
      responses: withErrors({
        204: { description: 'Deleted' },
        409: json(z.object({ error: z.unknown() }), 'In use'),
      }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { id } = c.req.valid('param');
      const users = [];
      let cursor: string | undefined;
      do {
        const page = await store.integrations.list(tenantId, {}, { limit: 500, ...(cursor && { cursor }) });
        users.push(
          ...page.items.filter((i) => i.sourceConnectionId === id || i.destinationConnectionId === id),
        );
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (users.length > 0) {
        throw new ConflictError(
          `The connection is used by ${users.map((i) => `"${i.title}"`).join(', ')}; archive those first.`,
          {
            integrationIds: users.map((i) => i.id),
          },
        );
      }
      const current = await store.connections.get(tenantId, id);
      if (!current || !(await store.connections.delete(tenantId, id))) throw notFound('Connection', id);
      await audit(c, {
        action: 'connection.deleted',
        target: { type: 'connection', id },
        summary: `Deleted ${current.system} connection "${current.name}"`,
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/connections/{id}/test',
      tags,
      summary:
        'Try the connection and say what worked or what failed (calls the connected system: operate or edit permission)',
      ...protect('integrations:operate'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(TestResult, 'The outcome, in plain words') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await withConnector(principal(c).actingTenantId, id, async (connector) => {
        try {
          return await connector.testConnection(c.req.raw.signal);
        } catch (error) {
          return { ok: false, message: (error as Error).message, details: {} };
        }
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connections/{id}/describe',
      tags,
      summary: "The system's objects, fields and status values, for the editor's pickers",
      ...protect('connections:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(Description, 'What the system offers') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(
        await withConnector(principal(c).actingTenantId, id, (connector) =>
          connector.describe(c.req.raw.signal),
        ),
        200,
      );
    },
  );
}
