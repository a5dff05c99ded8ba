import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ConflictError,
  TenantSystemInputSchema,
  TenantSystemSchema,
  TenantSystemVersionSchema,
  ValidationError,
  type Connection,
  type Store,
  type TenantId,
  type TenantSystem,
} from '@isync/core';
import { auditTrail } from '../audit.js';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { authorOf } from './integrations/service.js';
import { checkDefinition } from './connector-definitions.js';

/*
 * Tenant systems (issue 20 item 2): a tenant admin saves a connector definition built in the connector
 * builder as a named system with a short label. Each save is a new version; connections of system `rest`
 * pick one by `options.tenantSystemId` and run its latest version (the save copies it into each one's
 * `options.definition`, where the engine reads it). A system a connection uses is not deleted.
 */

const tags = ['Connections'];

/** The option a generic REST connection names its tenant system by. */
export const TENANT_SYSTEM_OPTION = 'tenantSystemId';

const TenantSystemView = TenantSystemSchema;
const TenantSystemBody = TenantSystemInputSchema;

const usesSystem = (connection: Connection, systemId: string) =>
  connection.system === 'rest' && connection.options[TENANT_SYSTEM_OPTION] === systemId;

/** Every connection of the tenant (a tenant has few; each page is read once). */
async function allConnections(store: Store, tenantId: TenantId): Promise<Connection[]> {
  const all: Connection[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.connections.list(tenantId, { limit: 500, ...(cursor && { cursor }) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** What a connection of a tenant system holds of it: the definition it runs, and the version and name it has. */
const systemOptions = (system: TenantSystem) => ({
  definition: system.definition,
  tenantSystemVersion: system.version,
  tenantSystemName: system.name,
});

/**
 * The options a generic REST connection is stored with: one naming a tenant system gets that system's
 * definition (its latest version) in `options.definition`; 400 when the system is not the tenant's.
 */
export async function withTenantSystem(
  store: Store,
  tenantId: TenantId,
  system: Connection['system'],
  options: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const systemId = options[TENANT_SYSTEM_OPTION];
  if (systemId === undefined) return options;
  const at = `$.options.${TENANT_SYSTEM_OPTION}`;
  const found = typeof systemId === 'string' ? await store.tenantSystems.get(tenantId, systemId) : null;
  if (system !== 'rest' || !found)
    throw new ValidationError(
      system !== 'rest'
        ? `${at}: only a connection of system "rest" runs a tenant system.`
        : `${at}: no system ${String(systemId)} is defined in this tenant; pick one of its systems.`,
      { issues: [{ path: at, message: system !== 'rest' ? 'needs system "rest"' : 'unknown system' }] },
    );
  return { ...options, ...systemOptions(found) };
}

export function tenantSystemRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);

  /**
   * Refuses a definition as a connection's would be refused (its problems at `$.definition…`) and a name
   * another of the tenant's systems has.
   */
  const checkInput = async (tenantId: TenantId, body: z.infer<typeof TenantSystemBody>, except?: string) => {
    await checkDefinition(deps, tenantId, body.definition, {}, '$.definition');
    const systems = (await store.tenantSystems.list(tenantId, { limit: 500 })).items;
    const same = systems.find((s) => s.id !== except && s.name.toLowerCase() === body.name.toLowerCase());
    if (same)
      throw new ConflictError(`A system named "${same.name}" exists already; choose another name.`, {
        systemId: same.id,
      });
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tenant-systems',
      tags,
      summary: "The tenant's own systems (connector definitions saved in the connector builder)",
      ...protect('connections:read'),
      request: { query: PageQuery },
      responses: withErrors({ 200: json(pageOf(TenantSystemView), 'Systems, newest first') }),
    }),
    async (c) => {
      const page = await store.tenantSystems.list(principal(c).actingTenantId, {
        ...c.req.valid('query'),
        withTotal: true,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tenant-systems',
      tags,
      summary: 'Save a connector definition as a tenant system (version 1); tenant admins',
      ...protect('systems:manage'),
      request: jsonBody(TenantSystemBody),
      responses: withErrors({
        201: json(TenantSystemView, 'Saved'),
        409: json(z.object({ error: z.unknown() }), 'The name is taken'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const tenantId = who.actingTenantId;
      const body = c.req.valid('json');
      await checkInput(tenantId, body);
      const system = await store.tenantSystems.create(tenantId, body, authorOf(who));
      await audit(c, {
        action: 'tenant-system.created',
        target: { type: 'tenant-system', id: system.id },
        summary: `Defined system "${system.name}" (version 1)`,
        details: { name: system.name, label: system.label, version: 1 },
      });
      return c.json(system, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tenant-systems/{id}',
      tags,
      summary: 'A tenant system as its latest version says',
      ...protect('connections:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(TenantSystemView, 'The system') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const system = await store.tenantSystems.get(principal(c).actingTenantId, id);
      if (!system) throw notFound('System', id);
      return c.json(system, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/tenant-systems/{id}',
      tags,
      summary:
        'Save a new version of a tenant system; the connections that use it run the new version from now on',
      ...protect('systems:manage'),
      request: { params: IdParam, ...jsonBody(TenantSystemBody) },
      responses: withErrors({
        200: json(TenantSystemView, 'The new version'),
        409: json(z.object({ error: z.unknown() }), 'The name is taken'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const tenantId = who.actingTenantId;
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (!(await store.tenantSystems.get(tenantId, id))) throw notFound('System', id);
      await checkInput(tenantId, body, id);
      const system = await store.tenantSystems.saveVersion(tenantId, id, body, authorOf(who));
      if (!system) throw notFound('System', id);
      const users = (await allConnections(store, tenantId)).filter((connection) =>
        usesSystem(connection, id),
      );
      for (const connection of users)
        await store.connections.update(tenantId, connection.id, {
          options: { ...connection.options, ...systemOptions(system) },
        });
      await audit(c, {
        action: 'tenant-system.updated',
        target: { type: 'tenant-system', id },
        summary: `Saved version ${system.version} of system "${system.name}"`,
        details: { version: system.version, connections: users.map((u) => u.id) },
      });
      return c.json(system, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tenant-systems/{id}/versions',
      tags,
      summary: "A tenant system's versions, newest first, each with its definition, author and time",
      ...protect('connections:read'),
      request: { params: IdParam, query: PageQuery },
      responses: withErrors({ 200: json(pageOf(TenantSystemVersionSchema), 'Versions, newest first') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { id } = c.req.valid('param');
      if (!(await store.tenantSystems.get(tenantId, id))) throw notFound('System', id);
      return c.json(await store.tenantSystems.versions(tenantId, id, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/tenant-systems/{id}',
      tags,
      summary: 'Delete a tenant system no connection uses (409 names the connections that do)',
      ...protect('systems:manage'),
      request: { params: IdParam },
      responses: withErrors({
        204: { description: 'Deleted with its versions' },
        409: json(z.object({ error: z.unknown() }), 'In use'),
      }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { id } = c.req.valid('param');
      const system = await store.tenantSystems.get(tenantId, id);
      if (!system) throw notFound('System', id);
      const users = (await allConnections(store, tenantId)).filter((connection) =>
        usesSystem(connection, id),
      );
      if (users.length > 0)
        throw new ConflictError(
          `System "${system.name}" is used by the connection${users.length === 1 ? '' : 's'} ${users
            .map((u) => `"${u.name}"`)
            .join(', ')}; delete those or move them to another system first.`,
          { connections: users.map((u) => ({ id: u.id, name: u.name })) },
        );
      await store.tenantSystems.delete(tenantId, id);
      await audit(c, {
        action: 'tenant-system.deleted',
        target: { type: 'tenant-system', id },
        summary: `Deleted system "${system.name}" with its ${system.version} version${system.version === 1 ? '' : 's'}`,
      });
      return c.body(null, 204);
    },
  );
}
