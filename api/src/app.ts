import { fileURLToPath } from 'node:url';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { authenticate } from './auth/middleware.js';
import type { ApiDependencies } from './deps.js';
import { editorStatic } from './http/editor-static.js';
import { ApiError, notFoundRoute, onError } from './http/errors.js';
import { jsonDepthLimit, wellFormedPath } from './http/request-limits.js';
import { securityHeaders } from './http/security-headers.js';
import { createRouter } from './http/router.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { connectionRoutes } from './routes/connections.js';
import { connectorDefinitionRoutes } from './routes/connector-definitions.js';
import { connectorBuilderRoutes } from './routes/connector-builder.js';
import { tenantSystemRoutes } from './routes/tenant-systems.js';
import { docsRoutes } from './routes/docs.js';
import { editorEmbedPage, embedRoutes, type EmbedPage } from './routes/embed.js';
import { exceptionRoutes } from './routes/exceptions.js';
import { insightRoutes } from './routes/insights.js';
import { integrationRoutes } from './routes/integrations.js';
import { expressionRoutes } from './routes/expressions.js';
import { nodeTypeRoutes } from './routes/node-types.js';
import { operationRoutes } from './routes/operations.js';
import { recordRoutes } from './routes/records.js';
import { runRoutes } from './routes/runs.js';
import { templateRoutes } from './routes/templates.js';
import { tenantRoutes } from './routes/tenants.js';
import { userRoutes } from './routes/users.js';

const MAX_BODY_BYTES = 1024 * 1024;
const EDITOR_DIST = fileURLToPath(new URL('../../editor/dist', import.meta.url));
const EDITOR_INDEX = `${EDITOR_DIST}/index.html`;

/** The API: every route validated by zod and described in the OpenAPI document. */
export function createApp(
  deps: ApiDependencies,
  options: { embedPage?: EmbedPage; editorDist?: string } = {},
) {
  const app = createRouter();
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('logger', deps.logger.child({ requestId: c.var.requestId }));
    await next();
    deps.metrics.request(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000);
    c.var.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(securityHeaders);
  app.use(wellFormedPath);
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', 'The request body is larger than 1 MB.', 413);
      },
    }),
  );
  app.use('/api/*', jsonDepthLimit);
  app.use('/api/*', authenticate(deps));

  operationRoutes(app, deps);
  authRoutes(app, deps);
  tenantRoutes(app, deps);
  userRoutes(app, deps);
  connectionRoutes(app, deps);
  connectorDefinitionRoutes(app);
  connectorBuilderRoutes(app, deps);
  tenantSystemRoutes(app, deps);
  integrationRoutes(app, deps);
  templateRoutes(app, deps);
  runRoutes(app, deps);
  recordRoutes(app, deps);
  exceptionRoutes(app, deps);
  insightRoutes(app, deps);
  auditRoutes(app, deps);
  nodeTypeRoutes(app);
  expressionRoutes(app, deps);
  embedRoutes(app, deps, options.embedPage ?? editorEmbedPage(EDITOR_INDEX));
  docsRoutes(app);
  // The built editor at `/`: its files, and index.html for the single-page app's other paths.
  app.get('*', editorStatic(options.editorDist ?? EDITOR_DIST));

  app.notFound(notFoundRoute);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
