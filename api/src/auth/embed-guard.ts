import type { Context } from 'hono';
import type { AppEnv, EmbedScope, Principal } from '../context.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';

/*
 * What an embed token may reach: reads of the integrations it names, each only for the views that show it
 * (runs for `runs`, records and timelines for `timeline`, exceptions for `exceptions`, insights for
 * `dashboard`), and, in operate mode, run-now and replay on them. Everything else is refused.
 */

type EmbedView = EmbedScope['views'][number];

type Rule = {
  method: string;
  pattern: RegExp;
  operate?: boolean;
  /** The views that show what this read answers; without it, any view may read it. */
  views?: EmbedView[];
  scope: (
    c: Context<AppEnv>,
    id: string | undefined,
    deps: ApiDependencies,
    tenantId: string,
  ) => Promise<string | null | undefined>;
};

/** Lists name their integration in the query; one the tenant does not have is not found, as in a path. */
const byQuery: Rule['scope'] = async (c, _id, deps, tenantId) => {
  const integrationId = c.req.query('integrationId');
  if (integrationId === undefined) return undefined;
  if (!(await deps.store.integrations.get(tenantId, integrationId)))
    throw notFound('Integration', integrationId);
  return integrationId;
};
const RULES: Rule[] = [
  { method: 'GET', pattern: /^\/api\/integrations\/([^/]+)$/, scope: async (_c, id) => id },
  { method: 'GET', pattern: /^\/api\/runs$/, views: ['runs'], scope: byQuery },
  { method: 'GET', pattern: /^\/api\/records$/, views: ['timeline'], scope: byQuery },
  { method: 'GET', pattern: /^\/api\/exceptions$/, views: ['exceptions'], scope: byQuery },
  { method: 'GET', pattern: /^\/api\/insights$/, views: ['dashboard'], scope: byQuery },
  {
    method: 'GET',
    pattern: /^\/api\/runs\/([^/]+)$/,
    views: ['runs'],
    scope: async (_c, id, deps, t) => (await deps.store.runs.get(t, id!))?.integrationId,
  },
  {
    method: 'GET',
    pattern: /^\/api\/records\/([^/]+)(\/timeline)?$/,
    views: ['timeline'],
    scope: async (_c, id, deps, t) => (await deps.store.records.get(t, id!))?.integrationId,
  },
  {
    method: 'POST',
    pattern: /^\/api\/integrations\/([^/]+)\/run$/,
    operate: true,
    scope: async (_c, id) => id,
  },
  {
    method: 'POST',
    pattern: /^\/api\/runs\/([^/]+)\/replay$/,
    operate: true,
    scope: async (_c, id, deps, t) => (await deps.store.runs.get(t, id!))?.integrationId,
  },
];

export async function checkEmbedAccess(
  c: Context<AppEnv>,
  deps: ApiDependencies,
  who: Principal,
): Promise<void> {
  const scope = who.embed!;
  const rule = RULES.find((r) => r.method === c.req.method && r.pattern.test(c.req.path));
  if (!rule || (rule.operate && scope.mode !== 'operate')) {
    throw new ApiError('forbidden', 'This embed token does not allow that.', 403, { embed: true });
  }
  if (rule.views && !rule.views.some((view) => scope.views.includes(view))) {
    throw new ApiError(
      'forbidden',
      `This embed token does not include the ${rule.views.join(' or ')} view that shows this.`,
      403,
      { embed: true, views: rule.views },
    );
  }
  const id = rule.pattern.exec(c.req.path)?.[1];
  const integrationId = await rule.scope(c, id, deps, who.actingTenantId);
  if (integrationId === null) return;
  if (integrationId === undefined) {
    if (id) throw notFound('Object', id);
    throw new ApiError(
      'integration_required',
      'An embed token reads one integration at a time: pass integrationId.',
      400,
    );
  }
  if (!scope.integrationIds.includes(integrationId)) throw notFound('Integration', integrationId);
}
