import type { Flow, Integration, Keyring, Store } from '@isync/core';
import type { SimulatorUrls } from '../protocol.js';
import { activeIntegration } from '../world.js';

export const EVERY_MINUTE = { kind: 'cron', expression: '* * * * *' } as const;

/** The standard flow with a field-map expression, so that every run needs its plan's sandbox. */
const withExpression = (flow: Flow): Flow => ({
  ...flow,
  nodes: flow.nodes.map((node) =>
    node.type !== 'field-map'
      ? node
      : {
          ...node,
          data: {
            ...node.data,
            config: {
              ...node.data.config,
              create: [
                ...(node.data.config.create as unknown[]).filter(
                  (m) => (m as { target: string }).target !== 'description',
                ),
                {
                  target: 'description',
                  value: { kind: 'expression', expression: 'text.upper(record.title)' },
                },
              ],
            },
          },
        },
  ),
});

/**
 * `count` active every-minute integrations spread over `tenants` tenants (one PlanGrid and one Nuvolo
 * connection each), every one synced before: minute runs pull only what changed, as in a hub's steady state.
 */
export async function scaleIntegrations(
  store: Store,
  ring: Keyring,
  urls: SimulatorUrls,
  { count, tenants }: { count: number; tenants: number },
): Promise<Integration[]> {
  const integrations: Integration[] = [];
  const syncedUntil = new Date().toISOString();
  for (let t = 0; t < tenants; t++) {
    const { tenant, integration } = await activeIntegration(store, ring, urls, `scale-${t}`, withExpression);
    const plan = (await store.plans.get(tenant.id, integration.id, integration.planVersion!))!;
    const perTenant = Math.floor(count / tenants) + (t < count % tenants ? 1 : 0);
    for (let i = 0; i < perTenant; i++) {
      const base =
        i === 0
          ? integration
          : await store.integrations.create(tenant.id, { title: `Site ${i}`, description: '' });
      if (i > 0) await store.plans.save(tenant.id, base.id, { ...plan, flow: integration.flow });
      const active = await store.integrations.update(tenant.id, base.id, {
        flow: integration.flow,
        status: 'active',
        planVersion: i === 0 ? plan.version : 1,
        schedule: EVERY_MINUTE,
        sourceConnectionId: integration.sourceConnectionId,
        destinationConnectionId: integration.destinationConnectionId,
      });
      await store.integrations.saveCursor(tenant.id, base.id, syncedUntil);
      integrations.push(active!);
    }
  }
  return integrations;
}
