import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ValidationError, type Connection, type TenantId } from '@isync/core';
import {
  checkRestDefinition,
  restDefinitionJsonSchema,
  SHIPPED_SYSTEMS,
  shippedDefinition,
  type RestDefinition,
} from '@isync/nodes';
import { checkConnectionUrl, connectionAddressPolicy } from '../connections/host-policy.js';
import type { ApiDependencies } from '../deps.js';
import { json, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';

/*
 * Connector definitions (ARCHITECTURE.md, "A system is a definition"): the JSON Schema every definition is
 * validated by (generated from the engine's own zod schema), the definitions iSync ships, and the check a
 * connection's definition passes when it is saved.
 */

const tags = ['Connections'];
const AnyJson = z.record(z.string(), z.unknown());

export function connectorDefinitionRoutes(app: Router) {
  const schema = restDefinitionJsonSchema();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connector-definitions/schema',
      tags,
      summary: "The JSON Schema of a connector definition (a generic REST connection's options.definition)",
      ...protect('connections:read'),
      responses: withErrors({ 200: json(AnyJson, 'JSON Schema (draft 2020-12)') }),
    }),
    (c) => c.json(schema, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connector-definitions/shipped',
      tags,
      summary:
        'The systems iSync ships as connector definitions (e.g. IBM Maximo Manage), with their definitions',
      ...protect('connections:read'),
      responses: withErrors({
        200: json(
          z.object({ items: z.array(z.object({ system: z.string(), definition: AnyJson })) }),
          'Shipped',
        ),
      }),
    }),
    (c) =>
      c.json(
        {
          items: SHIPPED_SYSTEMS.map((system) => ({
            system,
            definition: shippedDefinition(system) as unknown as Record<string, unknown>,
          })),
        },
        200,
      ),
  );
}

/** Where a connection's definition sits in the request body, for the JSON paths of its problems. */
const AT = '$.options.definition';

/**
 * Refuses a connection whose definition cannot run: a generic REST connection needs a valid
 * `options.definition` (400 `invalid_definition`, every problem with its JSON path in the request body);
 * a shipped system (Maximo) takes none; an OAuth2 token URL on another host passes the same outbound
 * address policy as the base URL.
 */
export async function checkConnectionDefinition(
  deps: Pick<ApiDependencies, 'settings' | 'store' | 'resolveHost'>,
  tenantId: TenantId,
  system: Connection['system'],
  options: Record<string, unknown>,
): Promise<void> {
  const raw = options.definition;
  if (system !== 'rest') {
    if (raw !== undefined && (SHIPPED_SYSTEMS as readonly string[]).includes(system))
      throw new ValidationError(
        `${AT}: ${system} ships its own connector definition; remove this one, or save the connection as system "rest" to run your own.`,
        { issues: [{ path: AT, message: `${system} ships its own definition` }] },
      );
    return;
  }
  if (raw === undefined)
    throw new ValidationError(`${AT}: a generic REST connection needs its connector definition.`, {
      issues: [
        {
          path: AT,
          message: 'required: the connector definition (see GET /api/connector-definitions/schema)',
        },
      ],
    });
  await checkDefinition(deps, tenantId, raw, options, AT);
}

/**
 * Answers a valid definition, or refuses it with 400 `validation_failed`, every problem at its JSON path in
 * the request body (`at` is where the definition sits there); an OAuth2 token URL on another host passes the
 * same outbound address policy as a base URL.
 */
export async function checkDefinition(
  deps: Pick<ApiDependencies, 'settings' | 'store' | 'resolveHost'>,
  tenantId: TenantId,
  raw: unknown,
  options: Record<string, unknown>,
  at: string,
): Promise<RestDefinition> {
  const checked = checkRestDefinition(raw);
  if (!checked.ok) {
    const issues = checked.problems.map((p) => ({ path: `${at}${p.path.slice(1)}`, message: p.message }));
    const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`);
    throw new ValidationError(
      `The connector definition has ${issues.length} problem${issues.length === 1 ? '' : 's'} — ${shown.join('; ')}${issues.length > 3 ? '; …' : ''}.`,
      { issues },
    );
  }
  const { auth } = checked.definition;
  if (auth.kind === 'oauth2-client-credentials' && /^https?:\/\//i.test(auth.tokenUrl)) {
    const tokenUrl = tokenUrlOf(auth.tokenUrl, options, at);
    if (tokenUrl)
      await checkConnectionUrl(tokenUrl, await connectionAddressPolicy(deps, tenantId), deps.resolveHost);
  }
  return checked.definition;
}

/**
 * The token URL with the connection's options filled in; null when its host needs a value only the run
 * has (a credential): the HTTP client still checks the address policy at every connect.
 */
function tokenUrlOf(template: string, options: Record<string, unknown>, at: string): string | null {
  const valueOf = (inner: string): string | undefined => {
    const name = inner.split('|')[0]!.trim().replace(/\?$/, '');
    const value = name.startsWith('options.') ? options[name.slice('options.'.length)] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const origin = /^https?:\/\/[^/]*/i.exec(template)![0];
  if ([...origin.matchAll(/\{\{([^{}]*)\}\}/g)].some((m) => valueOf(m[1]!) === undefined)) return null;
  // Only the host matters here; the values are placed as they are.
  const url = template.replace(/\{\{([^{}]*)\}\}/g, (_, inner: string) => valueOf(inner) ?? 'x');
  try {
    return new URL(url).toString();
  } catch {
    throw new ValidationError(`${at}.auth.tokenUrl: "${url}" is not a URL.`, {
      issues: [{ path: `${at}.auth.tokenUrl`, message: 'not a URL once the options are filled in' }],
    });
  }
}
