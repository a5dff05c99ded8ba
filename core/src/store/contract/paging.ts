import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../domain/run.js';
import { pulledIssues } from '../../testing/factories.js';
import { type ContractWorld } from './world.js';

/** The store contract for paging a person does: every page of a list can also tell the list's total. */
export function pagingContract(world: ContractWorld): void {
  describe('paging with totals', () => {
    it('reaches all 250 runs page by page, each page telling the total of the same filter', async () => {
      const { store, aTenant, anIntegration, aRun } = world;
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const other = await anIntegration(tenant, 'Other');
      const start = Date.parse('2026-03-01T00:00:00.000Z');
      for (let i = 0; i < 250; i += 1) await aRun(tenant, integration, new Date(start + i * 60_000));
      await aRun(tenant, other, new Date(start));

      const seen: RunSummary[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.runs.list(
          tenant.id,
          { integrationId: integration.id },
          { limit: 50, withTotal: true, ...(cursor && { cursor }) },
        );
        expect(page.total).toBe(250);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(5);
      expect(new Set(seen.map((run) => run.id)).size).toBe(250);
      expect(seen.every((run) => run.integrationId === integration.id)).toBe(true);
      expect((await store.runs.list(tenant.id, {}, { limit: 1, withTotal: true })).total).toBe(251);
    });

    it('tells no total unless asked, so loops over every page pay no count', async () => {
      const { store, aTenant, anIntegration } = world;
      const tenant = await aTenant();
      await anIntegration(tenant);
      const page = await store.integrations.list(tenant.id, {}, { limit: 10 });
      expect(page.items).toHaveLength(1);
      expect(page.total).toBeUndefined();
      expect((await store.integrations.list(tenant.id, {}, { limit: 10, withTotal: true })).total).toBe(1);
    });

    it('counts records, exceptions, users and connections with the filter of the page', async () => {
      const { store, aTenant, anIntegration } = world;
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const other = await anIntegration(tenant, 'Other');
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(7, 'a-'), null);
      await store.records.upsertPulled(tenant.id, other.id, pulledIssues(3, 'b-'), null);
      const records = await store.records.search(
        tenant.id,
        { integrationId: integration.id },
        { limit: 2, withTotal: true },
      );
      expect(records.items).toHaveLength(2);
      expect(records.total).toBe(7);
      expect((await store.records.search(tenant.id, {}, { limit: 2, withTotal: true })).total).toBe(10);
      expect((await store.exceptions.list(tenant.id, {}, { withTotal: true })).total).toBe(0);
      expect((await store.connections.list(tenant.id, { withTotal: true })).total).toBe(0);
      expect((await store.users.list(tenant.id, { withTotal: true })).total).toBe(0);
    });
  });
}
