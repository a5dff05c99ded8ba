import {
  diffFlows,
  forwardNodes,
  type Author,
  type Flow,
  type FlowChange,
  type Integration,
  type Plan,
} from '@isync/core';
import { nodeCatalog } from '@isync/nodes';
import type { ApiDependencies } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { compileIntegration } from '../../wizard/compile.js';

/*
 * Draft and live (ARCHITECTURE.md): the canvas and the wizard edit the draft; runs use the published plan
 * version only. Publishing compiles the draft and stores it as the next version; nothing else makes a
 * version, so what runs is always something a user published.
 */

/** What an integration reads and writes: two integrations with the same scope sync the same records twice. */
interface SyncScope {
  source: string;
  destination: string;
  /** In words, for the warning. */
  words: string;
}

interface NodeLike {
  type: string;
  config: Record<string, unknown>;
}

/** What a flow syncs is its forward direction's (a two-way flow's way back writes into the same pair). */
const nodesOfFlow = (flow: Flow): NodeLike[] =>
  forwardNodes(flow, nodeCatalog).map((n) => ({ type: n.type, config: n.data.config }));
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function scopeOf(nodes: NodeLike[]): SyncScope | null {
  const source = nodes.find((n) => n.type === 'source')?.config;
  const destination = nodes.find((n) => n.type === 'destination')?.config;
  if (!source?.connectionId || !destination?.connectionId || !destination.object) return null;
  const project = text(source.project);
  return {
    source: JSON.stringify([text(source.connectionId), project, text(source.object)]),
    destination: JSON.stringify([text(destination.connectionId), text(destination.object)]),
    words: `the same ${text(source.object) || 'records'}${project ? ` of project ${project}` : ''} into the same table ${text(destination.object)}`,
  };
}

const sameScope = (a: SyncScope, b: SyncScope) => a.source === b.source && a.destination === b.destination;

export interface Overlap {
  id: string;
  title: string;
}

/** The active integrations of a tenant and what their live versions read and write. */
export type ActiveScopes = { integration: Integration; scope: SyncScope }[];

export interface DraftStatus {
  differs: boolean;
  changes: FlowChange[];
}

export interface PublishOptions {
  /** Proceed although another active integration syncs the same records. */
  confirmOverlap?: boolean | undefined;
  /** Publish this flow (an older version's, on rollback) instead of the draft; the draft becomes it. */
  flow?: Flow;
  rolledBackFrom?: number;
}

type SaveDraft = (integration: Integration, patch: { flow: Flow }, by: Author | null) => Promise<Integration>;
type SavePlanVersion = (integration: Integration, planVersion: number) => Promise<Integration>;

export function publishing(deps: ApiDependencies, saveDraft: SaveDraft, savePlanVersion: SavePlanVersion) {
  const { store } = deps;

  const liveVersion = (integration: Integration): Promise<Plan | null> =>
    integration.planVersion === null
      ? Promise.resolve(null)
      : store.plans.get(integration.tenantId, integration.id, integration.planVersion);

  /** The live versions of a tenant's integrations, in one read, by integration id (never published: absent). */
  const liveVersions = async (
    tenantId: string,
    integrations: readonly Integration[],
  ): Promise<Map<string, Plan>> => {
    const published = integrations.flatMap(({ id, planVersion }) =>
      planVersion === null ? [] : [{ integrationId: id, version: planVersion }],
    );
    const plans = await store.plans.getMany(tenantId, published);
    return new Map(plans.map((plan) => [plan.integrationId, plan]));
  };

  /** The version as a flow: the one it was published from (null for versions from before drafts were kept). */
  const versionFlow = async (integration: Integration, version: number): Promise<Plan> => {
    const plan = await store.plans.get(integration.tenantId, integration.id, version);
    if (!plan) throw notFound('Plan version', String(version));
    return plan;
  };

  const draftStatus = async (integration: Integration): Promise<DraftStatus> =>
    draftAgainst(integration, await liveVersion(integration));

  /** The draft against its live version, read already (null: never published). */
  const draftAgainst = (integration: Integration, live: Plan | null): DraftStatus => {
    if (live && live.flow === null) {
      return {
        differs: true,
        changes: [
          {
            kind: 'node-changed',
            nodeId: null,
            label: `version ${live.version}`,
            fields: [],
            summary: `Version ${live.version} was published before iSync kept the flow of each version: publish the draft to be sure it is what runs.`,
          },
        ],
      };
    }
    const changes = diffFlows(live?.flow ?? null, integration.flow, nodeCatalog);
    return { differs: changes.length > 0, changes };
  };

  const activeScopes = async (tenantId: string): Promise<ActiveScopes> => {
    const active = await store.integrations.list(tenantId, { status: 'active' }, { limit: 500 });
    const live = await liveVersions(tenantId, active.items);
    return active.items.flatMap((integration) => {
      const plan = live.get(integration.id);
      const nodes = plan
        ? plan.stages
            .filter((s) => s.direction !== 'reverse')
            .map((s) => ({ type: s.type, config: s.config }))
        : nodesOfFlow(integration.flow);
      const scope = scopeOf(nodes);
      return scope ? [{ integration, scope }] : [];
    });
  };

  /** The other active integrations that read and write what `flow` would. */
  const overlapsOf = (integration: Integration, flow: Flow, active: ActiveScopes): Overlap[] => {
    const scope = scopeOf(nodesOfFlow(flow));
    if (!scope) return [];
    return active
      .filter((other) => other.integration.id !== integration.id && sameScope(other.scope, scope))
      .map(({ integration: other }) => ({ id: other.id, title: other.title }));
  };

  /** Refuses, unless confirmed, to run `flow` beside another integration that syncs the same records. */
  const guardOverlap = async (integration: Integration, flow: Flow, confirmed: boolean | undefined) => {
    if (confirmed) return;
    const overlaps = overlapsOf(integration, flow, await activeScopes(integration.tenantId));
    if (overlaps.length === 0) return;
    const names = overlaps.map((o) => `"${o.title}"`).join(', ');
    throw new ApiError(
      'overlap',
      `${names} already ${overlaps.length === 1 ? 'syncs' : 'sync'} ${scopeOf(nodesOfFlow(flow))!.words}: running "${integration.title}" as well would create every record a second time. Change the source project or the destination table, set "match existing records by" on the destination node, or confirm to run both.`,
      409,
      { overlaps },
    );
  };

  /**
   * Compiles the draft (or the given flow) and, when there is no problem, stores it as the next version and
   * makes it live. The draft is not touched, except on rollback, where it becomes the published flow.
   */
  const publish = async (
    integration: Integration,
    author: Author | null,
    options: PublishOptions = {},
  ): Promise<Integration> => {
    const flow = options.flow ?? integration.flow;
    const result = await compileIntegration(deps, integration, flow);
    if (!result.plan) {
      throw new ApiError('flow_invalid', 'The flow has problems; fix them and publish again.', 422, {
        problems: result.problems,
      });
    }
    const live = await liveVersion(integration);
    if (live?.flow && live.hash === result.plan.hash && diffFlows(live.flow, flow).length === 0) {
      throw new ApiError(
        'nothing_to_publish',
        `Version ${live.version} is live and the ${options.flow ? 'version' : 'draft'} is the same: there is nothing to publish.`,
        409,
        { liveVersion: live.version },
      );
    }
    await guardOverlap(integration, flow, options.confirmOverlap);
    const plan = await store.plans.save(integration.tenantId, integration.id, {
      ...result.plan,
      flow,
      rolledBackFrom: options.rolledBackFrom ?? null,
      createdBy: author?.id ?? null,
    });
    const drafted = options.flow ? await saveDraft(integration, { flow }, author) : integration;
    return savePlanVersion(drafted, plan.version);
  };

  /** Publishes an older version's flow as a new version, and makes the draft that flow. */
  const rollback = async (
    integration: Integration,
    version: number,
    author: Author | null,
    confirmOverlap: boolean | undefined,
  ): Promise<Integration> => {
    const plan = await versionFlow(integration, version);
    if (!plan.flow) {
      throw new ApiError(
        'version_without_flow',
        `Version ${version} was published before iSync kept the flow of each version, so it cannot be restored.`,
        409,
        { version },
      );
    }
    return publish(integration, author, { flow: plan.flow, rolledBackFrom: version, confirmOverlap });
  };

  return {
    liveVersion,
    liveVersions,
    versionFlow,
    draftStatus,
    draftAgainst,
    activeScopes,
    overlapsOf,
    guardOverlap,
    publish,
    rollback,
  };
}

export type Publishing = ReturnType<typeof publishing>;
