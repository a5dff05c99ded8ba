import { existsSync, readFileSync } from 'node:fs';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { auditTrail } from '../audit.js';
import { principal } from '../auth/middleware.js';
import { EMBED_VIEWS, MAX_EMBED_MINUTES, signEmbedToken, verifyEmbedToken } from '../auth/embed-tokens.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { json, jsonBody, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { TenantView } from '../views.js';

const tags = ['Embed'];
const Origin = z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin);

export interface EmbedPage {
  /** The built editor's HTML for embed views, when there is one. */
  html(): string | null;
}

export const editorEmbedPage = (indexFile: string): EmbedPage => ({
  html: () => (existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null),
});

export function embedRoutes(app: Router, deps: ApiDependencies, page: EmbedPage) {
  const { store } = deps;
  const audit = auditTrail(deps);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/embed-tokens',
      tags,
      summary: 'A short-lived token for a partner portal to show some integrations in an iframe',
      ...protect('embed:manage'),
      request: jsonBody(
        z.object({
          integrationIds: z.array(z.string().min(1).max(64)).min(1).max(20),
          views: z.array(z.enum(EMBED_VIEWS)).min(1),
          mode: z.enum(['read-only', 'operate']).default('read-only'),
          minutes: z.number().int().min(1).max(MAX_EMBED_MINUTES).default(MAX_EMBED_MINUTES),
        }),
      ),
      responses: withErrors({
        201: json(
          z.object({ token: z.string(), expiresAt: z.string(), urls: z.record(z.string(), z.string()) }),
          'The token and the embed URLs',
        ),
      }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const body = c.req.valid('json');
      for (const id of body.integrationIds) {
        if (!(await store.integrations.get(tenantId, id))) throw notFound('Integration', id);
      }
      const { token, expiresAt } = await signEmbedToken(
        deps,
        { tenantId, integrationIds: body.integrationIds, views: body.views, mode: body.mode },
        body.minutes,
      );
      // The token is a credential: the entry says what it allows, never the token.
      await audit(c, {
        action: 'embed-token.issued',
        target: { type: 'tenant', id: tenantId },
        summary: `Issued a ${body.mode} embed token for ${body.integrationIds.length} integration${body.integrationIds.length === 1 ? '' : 's'}`,
        details: { integrationIds: body.integrationIds, views: body.views, mode: body.mode, expiresAt },
      });
      const urls = Object.fromEntries(
        body.views.map((view) => [view, `/embed/${view}?token=${encodeURIComponent(token)}`]),
      );
      return c.json({ token, expiresAt: expiresAt.toISOString(), urls }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/embed-origins',
      tags,
      summary: 'The portal origins allowed to frame embed views',
      ...protect('embed:manage'),
      request: jsonBody(z.object({ origins: z.array(Origin).max(50) })),
      responses: withErrors({ 200: json(TenantView, 'Saved') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { origins } = c.req.valid('json');
      const tenant = await store.tenants.update(tenantId, {
        limits: { allowedEmbedOrigins: [...new Set(origins)] },
      });
      await audit(c, {
        action: 'embed-origins.updated',
        target: { type: 'tenant', id: tenantId },
        summary: `Set the allowed embed origins to ${origins.length === 0 ? 'none' : [...new Set(origins)].join(', ')}`,
        details: { origins: [...new Set(origins)] },
      });
      return c.json(tenant!, 200);
    },
  );

  /** Embed pages: only with a valid token, framable only by the tenant's allowed origins. */
  app.openapi(
    createRoute({
      method: 'get',
      path: '/embed/{view}',
      tags,
      summary: 'An embed view (HTML, no app chrome) for a partner portal iframe',
      request: {
        params: z.object({ view: z.enum(EMBED_VIEWS) }),
        query: z.object({ token: z.string().max(4000).optional() }),
      },
      responses: {
        200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
        401: json(z.object({ error: z.unknown() }), 'No token, or an invalid or expired one'),
        403: json(
          z.object({ error: z.unknown() }),
          'The token does not include this view, or its tenant is suspended',
        ),
      },
    }),
    async (c) => {
      const { view } = c.req.valid('param');
      const { token } = c.req.valid('query');
      if (!token)
        throw new ApiError(
          'embed_token_missing',
          'Embed pages need ?token= from POST /api/embed-tokens.',
          401,
        );
      const claims = await verifyEmbedToken(deps, token);
      if (!claims.views.includes(view))
        throw new ApiError('forbidden', `This embed token does not include the ${view} view.`, 403);
      const tenant = await store.tenants.get(claims.tenantId);
      // As for the API's embed reads: a suspended tenant's pages are closed too.
      if (!tenant || tenant.status !== 'active')
        throw new ApiError('tenant_suspended', 'This tenant is not active.', 403);
      const origins = tenant.limits.allowedEmbedOrigins;
      c.header(
        'Content-Security-Policy',
        `frame-ancestors ${origins.length > 0 ? origins.join(' ') : "'none'"}`,
      );
      c.header('Referrer-Policy', 'no-referrer');
      const html = page.html();
      if (!html) throw new ApiError('editor_not_built', 'The editor is not built; run npm run build.', 503);
      return c.html(html, 200);
    },
  );
}
