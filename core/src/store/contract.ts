import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tenant } from '../domain/tenant.js';
import type { ExceptionKind } from '../domain/exception.js';
import type { Insights } from '../domain/insights.js';
import type { Integration } from '../domain/integration.js';
import { emptyRunCounts } from '../domain/run.js';
import { ConflictError } from '../errors.js';
import { pulledIssue, pulledIssues, testClock } from '../testing/factories.js';
import type { Store } from './port.js';

/**
 * The store contract: every adapter runs this suite and must give the same answers. Each test gets a
 * fresh, empty store whose clock it controls.
 */
export type ContractStoreFactory = (options: { clock: () => Date }) => Promise<Store>;

const SEALED = 'v1.k1.bm9uY2U.Y2lwaGVydGV4dA';

export function storeContract(adapter: string, makeStore: ContractStoreFactory): void {
  describe(`store contract (${adapter})`, () => {
    let store: Store;
    let clock: ReturnType<typeof testClock>;

    beforeEach(async () => {
      clock = testClock();
      store = await makeStore({ clock: clock.now });
    });
    afterEach(async () => {
      await store.close();
    });

    const aTenant = (slug = 'acme') => store.tenants.create({ name: `Tenant ${slug}`, slug });
    const anIntegration = (tenant: Tenant, title = 'PlanGrid → Nuvolo') =>
      store.integrations.create(tenant.id, { title, description: 'Issues to work orders' });
    const aRun = (tenant: Tenant, integration: Integration, at = clock.now()) =>
      store.runs.start(
        tenant.id,
        { integrationId: integration.id, planVersion: 1, trigger: 'manual', cursorBefore: null },
        at,
      );

    describe('tenants', () => {
      it('creates a tenant with default limits and finds it by id and slug', async () => {
        const tenant = await store.tenants.create({
          name: 'Acme Facilities',
          slug: 'acme',
          limits: { maxUsers: 3 },
        });
        expect(tenant).toMatchObject({ name: 'Acme Facilities', slug: 'acme', status: 'active' });
        expect(tenant.limits).toEqual({
          maxIntegrations: 25,
          minScheduleSeconds: 60,
          maxRecordsPerMonth: 100_000,
          maxUsers: 3,
          allowedEmbedOrigins: [],
          allowedPrivateHosts: [],
        });
        expect(await store.tenants.get(tenant.id)).toEqual(tenant);
        expect(await store.tenants.getBySlug('acme')).toEqual(tenant);
        expect(await store.tenants.get('missing')).toBeNull();
      });

      it('refuses a second tenant with a taken slug', async () => {
        await aTenant('acme');
        await expect(aTenant('acme')).rejects.toBeInstanceOf(ConflictError);
      });

      it('updates name, status and some limits, keeping the other limits', async () => {
        const tenant = await aTenant();
        const updated = await store.tenants.update(tenant.id, {
          name: 'Acme Corp',
          status: 'suspended',
          limits: { maxIntegrations: 2, allowedEmbedOrigins: ['https://portal.acme.test'] },
        });
        expect(updated).toMatchObject({ name: 'Acme Corp', status: 'suspended' });
        expect(updated?.limits).toMatchObject({ maxIntegrations: 2, maxUsers: 25 });
        expect(await store.tenants.get(tenant.id)).toEqual(updated);
        // Regression: a patch of one limit used to reset every other limit to its default.
        const again = await store.tenants.update(tenant.id, {
          limits: { allowedPrivateHosts: ['10.0.0.0/8'] },
        });
        expect(again?.limits).toMatchObject({
          maxIntegrations: 2,
          allowedEmbedOrigins: ['https://portal.acme.test'],
          allowedPrivateHosts: ['10.0.0.0/8'],
        });
        expect(await store.tenants.update('missing', { name: 'x' })).toBeNull();
      });

      it('lists tenants newest first, page by page', async () => {
        for (const slug of ['t1', 't2', 't3', 't4', 't5']) await aTenant(slug);
        const first = await store.tenants.list({ limit: 2 });
        expect(first.items.map((t) => t.slug)).toEqual(['t5', 't4']);
        const second = await store.tenants.list({ limit: 2, cursor: first.nextCursor! });
        expect(second.items.map((t) => t.slug)).toEqual(['t3', 't2']);
        const third = await store.tenants.list({ limit: 2, cursor: second.nextCursor! });
        expect(third.items.map((t) => t.slug)).toEqual(['t1']);
        expect(third.nextCursor).toBeNull();
      });

      it('reports usage: live integrations, enabled users and records first pulled this month', async () => {
        const tenant = await aTenant();
        const kept = await anIntegration(tenant);
        const archived = await anIntegration(tenant, 'Old');
        await store.integrations.update(tenant.id, archived.id, { status: 'archived' });
        await store.users.create(tenant.id, { email: 'a@acme.test', name: 'A', role: 'editor' });
        const disabled = await store.users.create(tenant.id, {
          email: 'b@acme.test',
          name: 'B',
          role: 'viewer',
        });
        await store.users.update(tenant.id, disabled.id, { status: 'disabled' });
        clock.set('2026-02-27T10:00:00.000Z');
        await store.records.upsertPulled(tenant.id, kept.id, pulledIssues(2, 'feb-'), null);
        clock.set('2026-03-02T10:00:00.000Z');
        await store.records.upsertPulled(tenant.id, kept.id, pulledIssues(3, 'mar-'), null);
        expect(await store.tenants.usage(tenant.id, new Date('2026-03-15T00:00:00Z'))).toEqual({
          integrations: 1,
          users: 1,
          recordsThisMonth: 3,
        });
      });
    });

    describe('users', () => {
      it('creates, reads, lists, updates and counts users of a tenant', async () => {
        const tenant = await aTenant();
        const ana = await store.users.create(tenant.id, {
          email: 'Ana@Acme.test',
          name: 'Ana',
          role: 'tenant-admin',
        });
        expect(ana).toMatchObject({
          email: 'ana@acme.test',
          status: 'active',
          passwordHash: null,
          lastLoginAt: null,
        });
        const bo = await store.users.create(tenant.id, { email: 'bo@acme.test', name: 'Bo', role: 'viewer' });
        expect(await store.users.get(tenant.id, ana.id)).toEqual(ana);
        expect((await store.users.list(tenant.id)).items.map((u) => u.name)).toEqual(['Bo', 'Ana']);
        const promoted = await store.users.update(tenant.id, bo.id, {
          role: 'editor',
          passwordHash: 'argon2id$…',
        });
        expect(promoted).toMatchObject({ role: 'editor', passwordHash: 'argon2id$…', name: 'Bo' });
        expect(await store.users.count(tenant.id)).toBe(2);
        await store.users.update(tenant.id, bo.id, { status: 'disabled' });
        expect(await store.users.count(tenant.id)).toBe(1);
      });

      it('keeps emails unique across the platform, whatever their case', async () => {
        const acme = await aTenant('acme');
        const globex = await aTenant('globex');
        await store.users.create(acme.id, { email: 'ana@acme.test', name: 'Ana', role: 'editor' });
        await expect(
          store.users.create(globex.id, { email: 'ANA@acme.test', name: 'Ana 2', role: 'editor' }),
        ).rejects.toBeInstanceOf(ConflictError);
      });

      it('finds a user by email for sign-in, whatever the case typed', async () => {
        const tenant = await aTenant();
        const ana = await store.users.create(tenant.id, {
          email: 'ana@acme.test',
          name: 'Ana',
          role: 'editor',
        });
        expect(await store.users.findByEmailForLogin('ANA@acme.TEST')).toEqual(ana);
        expect(await store.users.findByEmailForLogin('nobody@acme.test')).toBeNull();
      });
    });

    describe('connections', () => {
      it('creates, reads, lists, updates and deletes connections', async () => {
        const tenant = await aTenant();
        const plangrid = await store.connections.create(tenant.id, {
          system: 'plangrid',
          name: 'PlanGrid production',
          baseUrl: 'https://io.plangrid.com',
          authKind: 'api-key',
          secret: SEALED,
        });
        expect(plangrid).toMatchObject({ options: {}, secret: SEALED });
        const nuvolo = await store.connections.create(tenant.id, {
          system: 'nuvolo',
          name: 'Nuvolo',
          baseUrl: 'https://acme.service-now.com',
          authKind: 'basic',
          options: { table: 'x_nuvo_eam_facilities_work_orders' },
          secret: SEALED,
        });
        expect((await store.connections.list(tenant.id)).items.map((c) => c.id)).toEqual([
          nuvolo.id,
          plangrid.id,
        ]);
        const renamed = await store.connections.update(tenant.id, plangrid.id, { name: 'PlanGrid (HQ)' });
        expect(renamed).toMatchObject({ name: 'PlanGrid (HQ)', system: 'plangrid', secret: SEALED });
        expect(await store.connections.delete(tenant.id, plangrid.id)).toBe(true);
        expect(await store.connections.get(tenant.id, plangrid.id)).toBeNull();
        expect(await store.connections.delete(tenant.id, plangrid.id)).toBe(false);
      });
    });

    describe('integrations', () => {
      it('creates a draft with the first wizard step done and sensible defaults', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        expect(integration).toMatchObject({
          status: 'draft',
          wizard: { details: true, source: false, destination: false, mappings: false, settings: false },
          flow: { schemaVersion: 1, nodes: [], edges: [] },
          schedule: { kind: 'interval', everySeconds: 900 },
          settings: { timezone: 'UTC', statusMappings: [], dateRange: { from: null, to: null } },
          planVersion: null,
          cursor: null,
        });
        expect(await store.integrations.get(tenant.id, integration.id)).toEqual(integration);
      });

      it('updates only the fields a patch names', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const flow = {
          schemaVersion: 1 as const,
          nodes: [
            { id: 'src', type: 'source', position: { x: 0, y: 0 }, data: { config: { object: 'issues' } } },
          ],
          edges: [],
        };
        const updated = await store.integrations.update(tenant.id, integration.id, {
          flow,
          schedule: { kind: 'cron', expression: '*/5 * * * *' },
          wizard: { ...integration.wizard, mappings: true },
        });
        expect(updated).toMatchObject({ title: integration.title, flow, schedule: { kind: 'cron' } });
        expect(updated?.wizard.mappings).toBe(true);
      });

      it('lists live integrations by status and leaves archived ones out of lists and counts', async () => {
        const tenant = await aTenant();
        const active = await anIntegration(tenant, 'Active');
        await store.integrations.update(tenant.id, active.id, { status: 'active' });
        await anIntegration(tenant, 'Draft');
        const old = await anIntegration(tenant, 'Old');
        await store.integrations.update(tenant.id, old.id, { status: 'archived' });
        expect((await store.integrations.list(tenant.id)).items.map((i) => i.title)).toEqual([
          'Draft',
          'Active',
        ]);
        expect(
          (await store.integrations.list(tenant.id, { status: 'active' })).items.map((i) => i.title),
        ).toEqual(['Active']);
        expect((await store.integrations.list(tenant.id, { includeArchived: true })).items).toHaveLength(3);
        expect(await store.integrations.count(tenant.id)).toBe(2);
      });

      it('saves the source cursor', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        expect(
          await store.integrations.saveCursor(tenant.id, integration.id, '2026-03-01T00:00:00.000Z'),
        ).toBe(true);
        expect((await store.integrations.get(tenant.id, integration.id))?.cursor).toBe(
          '2026-03-01T00:00:00.000Z',
        );
      });
    });

    describe('plans', () => {
      const stages = [{ nodeId: 'src', type: 'source', label: 'PlanGrid issues', config: {}, inputs: [] }];

      it('numbers plan versions per integration and reads them back', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const other = await anIntegration(tenant, 'Other');
        const v1 = await store.plans.save(tenant.id, integration.id, { hash: 'h1', stages });
        const v2 = await store.plans.save(tenant.id, integration.id, { hash: 'h2', stages });
        const otherV1 = await store.plans.save(tenant.id, other.id, { hash: 'h3', stages });
        expect([v1.version, v2.version, otherV1.version]).toEqual([1, 2, 1]);
        expect(await store.plans.get(tenant.id, integration.id, 1)).toEqual(v1);
        expect(await store.plans.latest(tenant.id, integration.id)).toEqual(v2);
        expect((await store.plans.list(tenant.id, integration.id)).items.map((p) => p.version)).toEqual([
          2, 1,
        ]);
        expect(await store.plans.get(tenant.id, integration.id, 3)).toBeNull();
      });

      it('gives concurrent saves distinct versions', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const saved = await Promise.all(
          [1, 2, 3, 4].map((n) => store.plans.save(tenant.id, integration.id, { hash: `h${n}`, stages })),
        );
        expect(saved.map((p) => p.version).sort()).toEqual([1, 2, 3, 4]);
      });
    });

    describe('records', () => {
      it('makes a new source id initiated and leaves an unchanged one alone', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const page = pulledIssues(3);
        expect(await store.records.upsertPulled(tenant.id, integration.id, page, null)).toEqual({
          created: 3,
          changed: 0,
          unchanged: 0,
        });
        expect(await store.records.upsertPulled(tenant.id, integration.id, page, null)).toEqual({
          created: 0,
          changed: 0,
          unchanged: 3,
        });
        const record = await store.records.getBySourceId(tenant.id, integration.id, 'pg-00001');
        expect(record).toMatchObject({
          sourceId: 'pg-00001',
          status: 'initiated',
          sourceStatus: 'open',
          destinationId: null,
          attempts: 0,
          sourceData: { uid: 'pg-00001', title: 'Issue pg-00001' },
        });
        expect(await store.records.get(tenant.id, record!.id)).toEqual(record);
      });

      it('makes a changed record update-request once it is in the destination, and records the source status change', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
        const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;
        await store.records.markPushed(tenant.id, record.id, {
          runId: run.id,
          destinationId: 'a'.repeat(32),
          destinationNumber: 'FWO0001001',
          operation: 'created',
        });
        clock.advance(60_000);
        const result = await store.records.upsertPulled(
          tenant.id,
          integration.id,
          [pulledIssue('pg-1', { status: 'closed' })],
          run.id,
        );
        expect(result).toEqual({ created: 0, changed: 1, unchanged: 0 });
        const changed = await store.records.get(tenant.id, record.id);
        expect(changed).toMatchObject({
          status: 'update-request',
          sourceStatus: 'closed',
          destinationId: 'a'.repeat(32),
        });
        const timeline = await store.recordEvents.timeline(tenant.id, record.id);
        expect(timeline.map((e) => [e.kind, e.from, e.to])).toEqual([
          ['lifecycle', null, 'initiated'],
          ['lifecycle', 'initiated', 'pushed'],
          ['source-status', 'open', 'closed'],
          ['lifecycle', 'pushed', 'update-request'],
        ]);
        expect(timeline.every((e) => e.runId === run.id)).toBe(true);
        expect(timeline[2]!.at).toBe('2026-03-02T09:01:00.000Z');
      });

      it('keeps a changed record that never reached the destination initiated', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null);
        await store.records.upsertPulled(
          tenant.id,
          integration.id,
          [pulledIssue('pg-1', { title: 'New title' })],
          null,
        );
        expect(await store.records.getBySourceId(tenant.id, integration.id, 'pg-1')).toMatchObject({
          status: 'initiated',
          sourceData: { title: 'New title' },
        });
      });

      it('keeps one record per source id under concurrent upserts and repeated ids in a page', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const results = await Promise.all([
          store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null),
          store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null),
          store.records.upsertPulled(
            tenant.id,
            integration.id,
            [pulledIssue('pg-2'), pulledIssue('pg-2')],
            null,
          ),
        ]);
        expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(2);
        const all = await store.records.search(tenant.id, { integrationId: integration.id });
        expect(all.items.map((r) => r.sourceId).sort()).toEqual(['pg-1', 'pg-2']);
        const first = all.items.find((r) => r.sourceId === 'pg-1')!;
        expect(await store.recordEvents.timeline(tenant.id, first.id)).toHaveLength(1);
      });

      it('stores a page of 1,000 records', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const result = await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(1000), null);
        expect(result.created).toBe(1000);
        expect((await store.records.countByStatus(tenant.id, integration.id)).initiated).toBe(1000);
      });

      it('claims records waiting for the destination in id order, page after page', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(5), null);
        const options = { limit: 2, now: clock.now(), maxAttempts: 3 };
        const first = await store.records.claimForPush(tenant.id, integration.id, options);
        const second = await store.records.claimForPush(tenant.id, integration.id, {
          ...options,
          after: first.at(-1)!.id,
        });
        const third = await store.records.claimForPush(tenant.id, integration.id, {
          ...options,
          after: second.at(-1)!.id,
        });
        expect([...first, ...second, ...third].map((r) => r.sourceId)).toEqual([
          'pg-00000',
          'pg-00001',
          'pg-00002',
          'pg-00003',
          'pg-00004',
        ]);
        await store.records.markPushed(tenant.id, first[0]!.id, {
          runId: null,
          destinationId: 'd1',
          operation: 'created',
        });
        const pending = await store.records.claimForPush(tenant.id, integration.id, {
          ...options,
          limit: 10,
        });
        expect(pending.map((r) => r.sourceId)).not.toContain('pg-00000');
      });

      it('retries failed records only when due and while attempts remain', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), null);
        const [due, later, exhausted] = await store.records.claimForPush(tenant.id, integration.id, {
          limit: 3,
          now: clock.now(),
          maxAttempts: 2,
        });
        const now = clock.now();
        const soon = new Date(now.getTime() + 60_000);
        await store.records.markFailed(tenant.id, due!.id, { runId: null, error: '503', nextAttemptAt: now });
        await store.records.markFailed(tenant.id, later!.id, {
          runId: null,
          error: '503',
          nextAttemptAt: soon,
        });
        await store.records.markFailed(tenant.id, exhausted!.id, {
          runId: null,
          error: '503',
          nextAttemptAt: now,
        });
        await store.records.markFailed(tenant.id, exhausted!.id, {
          runId: null,
          error: '503',
          nextAttemptAt: now,
        });
        const claimed = await store.records.claimForPush(tenant.id, integration.id, {
          limit: 10,
          now,
          maxAttempts: 2,
        });
        expect(claimed.map((r) => r.id)).toEqual([due!.id]);
        const afterAMinute = await store.records.claimForPush(tenant.id, integration.id, {
          limit: 10,
          now: soon,
          maxAttempts: 2,
        });
        expect(afterAMinute.map((r) => r.id)).toEqual([due!.id, later!.id]);
      });

      it('walks a record through intent, push, failure, skip and update with an event for each', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
        const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;

        clock.advance(1000);
        expect(await store.records.markPushIntent(tenant.id, record.id)).toBe(true);
        expect((await store.records.get(tenant.id, record.id))?.pushIntentAt).toBe(
          '2026-03-02T09:00:01.000Z',
        );

        const retryAt = new Date('2026-03-02T09:05:00.000Z');
        const failed = await store.records.markFailed(tenant.id, record.id, {
          runId: run.id,
          error: 'Nuvolo answered 503',
          nextAttemptAt: retryAt,
        });
        expect(failed).toMatchObject({
          status: 'failed',
          attempts: 1,
          lastError: 'Nuvolo answered 503',
          nextAttemptAt: retryAt.toISOString(),
        });

        clock.set('2026-03-02T09:06:00.000Z');
        const pushed = await store.records.markPushed(tenant.id, record.id, {
          runId: run.id,
          destinationId: 'b'.repeat(32),
          destinationNumber: 'FWO0001002',
          operation: 'created',
        });
        expect(pushed).toMatchObject({
          status: 'pushed',
          attempts: 0,
          lastError: null,
          nextAttemptAt: null,
          pushIntentAt: null,
          destinationId: 'b'.repeat(32),
          destinationNumber: 'FWO0001002',
          pushedAt: '2026-03-02T09:06:00.000Z',
          lastRunId: run.id,
        });

        const updated = await store.records.markPushed(tenant.id, record.id, {
          runId: run.id,
          destinationId: 'b'.repeat(32),
          operation: 'updated',
        });
        expect(updated?.status).toBe('updated');
        clock.advance(1000);

        const skipped = await store.records.markSkipped(tenant.id, record.id, {
          runId: run.id,
          reason: 'filtered out',
        });
        expect(skipped?.status).toBe('skipped');

        const timeline = await store.recordEvents.timeline(tenant.id, record.id);
        expect(timeline.map((e) => `${e.from ?? '∅'}→${e.to}`)).toEqual([
          '∅→initiated',
          'initiated→failed',
          'failed→pushed',
          'pushed→updated',
          'updated→skipped',
        ]);
        expect(timeline[1]?.detail).toMatchObject({ error: 'Nuvolo answered 503' });
        expect(timeline[2]?.detail).toMatchObject({ destinationNumber: 'FWO0001002' });
        expect(timeline[4]?.detail).toMatchObject({ reason: 'filtered out' });
        expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
      });

      it('records a batch: intents in one write, then pushes and failures, each with its event', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(4), run.id);
        const [a, b, c, d] = (await store.records.claimForPush(tenant.id, integration.id, {
          limit: 10,
          now: clock.now(),
          maxAttempts: 5,
        }))!;

        clock.advance(1000);
        expect(await store.records.markPushIntents(tenant.id, [a!.id, b!.id, c!.id, 'no-such-record'])).toBe(
          3,
        );
        expect(await store.records.markPushIntents(tenant.id, [])).toBe(0);
        for (const record of [a, b, c]) {
          expect((await store.records.get(tenant.id, record!.id))?.pushIntentAt).toBe(
            '2026-03-02T09:00:01.000Z',
          );
        }
        expect((await store.records.get(tenant.id, d!.id))?.pushIntentAt).toBeNull();

        clock.advance(1000);
        const answeredAt = new Date('2026-03-02T09:00:01.500Z');
        expect(
          await store.records.markPushedMany(tenant.id, [
            {
              recordId: a!.id,
              runId: run.id,
              destinationId: 'd-a',
              destinationNumber: 'FWO1',
              operation: 'created',
              at: answeredAt,
            },
            { recordId: b!.id, runId: run.id, destinationId: 'd-b', operation: 'created' },
            { recordId: 'no-such-record', runId: run.id, destinationId: 'd-x', operation: 'created' },
          ]),
        ).toBe(2);
        const failure = {
          runId: run.id,
          error: 'Nuvolo answered 503',
          nextAttemptAt: new Date('2026-03-02T09:05:00.000Z'),
        };
        expect(await store.records.markFailedMany(tenant.id, [{ ...failure, recordId: c!.id }])).toBe(1);
        expect(
          await store.records.markFailedMany(tenant.id, [{ ...failure, recordId: c!.id, error: '502' }]),
        ).toBe(1);
        expect(await store.records.markPushedMany(tenant.id, [])).toBe(0);
        expect(await store.records.markFailedMany(tenant.id, [])).toBe(0);

        expect(await store.records.get(tenant.id, a!.id)).toMatchObject({
          status: 'pushed',
          destinationId: 'd-a',
          destinationNumber: 'FWO1',
          pushIntentAt: null,
          pushedAt: answeredAt.toISOString(),
          lastRunId: run.id,
        });
        expect(await store.records.get(tenant.id, b!.id)).toMatchObject({
          status: 'pushed',
          destinationId: 'd-b',
          destinationNumber: null,
          pushIntentAt: null,
          pushedAt: '2026-03-02T09:00:02.000Z',
        });
        // A failed create keeps its intent: the next attempt looks it up by correlation first.
        expect(await store.records.get(tenant.id, c!.id)).toMatchObject({
          status: 'failed',
          attempts: 2,
          lastError: '502',
          nextAttemptAt: '2026-03-02T09:05:00.000Z',
          pushIntentAt: '2026-03-02T09:00:01.000Z',
        });
        expect((await store.records.get(tenant.id, d!.id))?.status).toBe('initiated');

        const transitions = async (recordId: string) =>
          (await store.recordEvents.timeline(tenant.id, recordId)).map(
            (e) => `${e.from ?? '∅'}→${e.to} ${e.at}`,
          );
        expect(await transitions(a!.id)).toEqual([
          '∅→initiated 2026-03-02T09:00:00.000Z',
          'initiated→pushed 2026-03-02T09:00:01.500Z',
        ]);
        expect(await transitions(c!.id)).toEqual([
          '∅→initiated 2026-03-02T09:00:00.000Z',
          'initiated→failed 2026-03-02T09:00:02.000Z',
          'failed→failed 2026-03-02T09:00:02.000Z',
        ]);
        const [, pushedA] = await store.recordEvents.timeline(tenant.id, a!.id);
        expect(pushedA).toMatchObject({
          runId: run.id,
          detail: { destinationId: 'd-a', destinationNumber: 'FWO1' },
        });
        const [, first, second] = await store.recordEvents.timeline(tenant.id, c!.id);
        expect(first?.detail).toEqual({ error: 'Nuvolo answered 503', attempt: 1 });
        expect(second?.detail).toEqual({ error: '502', attempt: 2 });
      });

      it('gives a record named twice in one batch its last outcome, with one event', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null);
        const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;
        const pushed = { recordId: record.id, runId: null, operation: 'created' as const };
        expect(
          await store.records.markPushedMany(tenant.id, [
            { ...pushed, destinationId: 'first' },
            { ...pushed, destinationId: 'last' },
          ]),
        ).toBe(1);
        expect((await store.records.get(tenant.id, record.id))?.destinationId).toBe('last');
        expect(await store.recordEvents.timeline(tenant.id, record.id)).toHaveLength(2);
      });

      it('requeues failed records chosen by id or by the run they failed in', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(4), null);
        const [a, b, c, d] = await store.records.claimForPush(tenant.id, integration.id, {
          limit: 4,
          now: clock.now(),
          maxAttempts: 5,
        });
        await store.records.markPushed(tenant.id, b!.id, {
          runId: null,
          destinationId: 'dest-b',
          operation: 'created',
        });
        await store.records.markFailed(tenant.id, a!.id, { runId: run.id, error: 'x', nextAttemptAt: null });
        await store.records.markFailed(tenant.id, b!.id, { runId: run.id, error: 'x', nextAttemptAt: null });
        await store.records.markFailed(tenant.id, c!.id, { runId: null, error: 'x', nextAttemptAt: null });

        expect(await store.records.requeue(tenant.id, { runId: run.id })).toBe(2);
        expect(await store.records.get(tenant.id, a!.id)).toMatchObject({ status: 'initiated', attempts: 0 });
        expect(await store.records.get(tenant.id, b!.id)).toMatchObject({
          status: 'update-request',
          attempts: 0,
        });
        expect((await store.records.get(tenant.id, c!.id))?.status).toBe('failed');

        expect(await store.records.requeue(tenant.id, { recordIds: [c!.id, d!.id] })).toBe(1);
        expect((await store.records.get(tenant.id, c!.id))?.status).toBe('initiated');
        const timeline = await store.recordEvents.timeline(tenant.id, c!.id);
        expect(timeline.at(-1)).toMatchObject({ from: 'failed', to: 'initiated', detail: { replay: true } });
      });

      it('requeues by run only records that failed in it, not records whose source status reads failed', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
        await store.records.upsertPulled(
          tenant.id,
          integration.id,
          [pulledIssue('pg-1', { status: 'failed' })],
          run.id,
        );
        expect(await store.records.requeue(tenant.id, { runId: run.id })).toBe(0);
      });

      it('searches by source id, destination number, text and status, page by page', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        await store.records.upsertPulled(
          tenant.id,
          integration.id,
          [
            pulledIssue('pg-1', { title: 'Leaking pipe in room 101' }),
            pulledIssue('pg-2', { title: 'Broken door' }),
            pulledIssue('pg-3', { title: 'Paint 50% done' }),
          ],
          null,
        );
        const pg2 = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-2'))!;
        await store.records.markPushed(tenant.id, pg2.id, {
          runId: null,
          destinationId: 'c'.repeat(32),
          destinationNumber: 'FWO0001042',
          operation: 'created',
        });
        const ids = async (search: Parameters<Store['records']['search']>[1]) =>
          (await store.records.search(tenant.id, search)).items.map((r) => r.sourceId);
        expect(await ids({ q: 'pg-1' })).toEqual(['pg-1']);
        expect(await ids({ q: 'FWO0001042' })).toEqual(['pg-2']);
        expect(await ids({ q: 'leaking pipe' })).toEqual(['pg-1']);
        expect(await ids({ q: '50%' })).toEqual(['pg-3']);
        expect(await ids({ status: 'pushed' })).toEqual(['pg-2']);
        expect(await ids({ integrationId: integration.id })).toEqual(['pg-3', 'pg-2', 'pg-1']);
        const page1 = await store.records.search(tenant.id, {}, { limit: 2 });
        const page2 = await store.records.search(tenant.id, {}, { limit: 2, cursor: page1.nextCursor! });
        expect([...page1.items, ...page2.items].map((r) => r.sourceId)).toEqual(['pg-3', 'pg-2', 'pg-1']);
        expect(page2.nextCursor).toBeNull();
      });

      it('counts records by status', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), null);
        const [first] = await store.records.claimForPush(tenant.id, integration.id, {
          limit: 1,
          now: clock.now(),
          maxAttempts: 1,
        });
        await store.records.markSkipped(tenant.id, first!.id, { runId: null, reason: 'filter' });
        expect(await store.records.countByStatus(tenant.id)).toEqual({
          initiated: 2,
          'update-request': 0,
          skipped: 1,
          pushed: 0,
          updated: 0,
          failed: 0,
        });
      });
    });

    describe('runs', () => {
      it('starts a run, finishes it once, and finds the latest and the running one', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration, new Date('2026-03-02T09:00:00.000Z'));
        expect(run).toMatchObject({
          status: 'running',
          finishedAt: null,
          counts: emptyRunCounts(),
          nodeTraces: [],
        });
        expect(await store.runs.running(tenant.id, integration.id)).toEqual(run);
        const trace = {
          nodeId: 'src',
          type: 'source',
          in: 0,
          out: 3,
          skipped: 0,
          failed: 0,
          durationMs: 12,
          samples: [],
        };
        const finished = await store.runs.finish(
          tenant.id,
          run.id,
          {
            status: 'succeeded',
            counts: { ...emptyRunCounts(), pulled: 3, new: 3, created: 3 },
            cursorAfter: '2026-03-02T08:59:00.000Z',
            nodeTraces: [trace],
          },
          new Date('2026-03-02T09:00:05.000Z'),
        );
        expect(finished).toMatchObject({
          status: 'succeeded',
          finishedAt: '2026-03-02T09:00:05.000Z',
          counts: { pulled: 3, created: 3 },
          cursorAfter: '2026-03-02T08:59:00.000Z',
          nodeTraces: [trace],
          error: null,
        });
        expect(await store.runs.get(tenant.id, run.id)).toEqual(finished);
        expect(await store.runs.running(tenant.id, integration.id)).toBeNull();
        const { nodeTraces: _traces, ...summary } = finished!;
        expect(await store.runs.latest(tenant.id, integration.id)).toEqual(summary);
        const again = await store.runs.finish(tenant.id, run.id, {
          status: 'failed',
          counts: emptyRunCounts(),
          cursorAfter: null,
          nodeTraces: [],
          error: 'late',
        });
        expect(again).toBeNull();
        expect((await store.runs.get(tenant.id, run.id))?.status).toBe('succeeded');
      });

      it('lists runs newest first, filtered by integration, status and time', async () => {
        const tenant = await aTenant();
        const one = await anIntegration(tenant, 'One');
        const two = await anIntegration(tenant, 'Two');
        const r1 = await aRun(tenant, one, new Date('2026-03-01T10:00:00Z'));
        const r2 = await aRun(tenant, two, new Date('2026-03-02T10:00:00Z'));
        const r3 = await aRun(tenant, one, new Date('2026-03-03T10:00:00Z'));
        await store.runs.finish(tenant.id, r1.id, {
          status: 'failed',
          counts: emptyRunCounts(),
          cursorAfter: null,
          nodeTraces: [],
          error: 'Nuvolo refused the credentials',
        });
        const list = async (filter: Parameters<Store['runs']['list']>[1]) =>
          (await store.runs.list(tenant.id, filter)).items.map((r) => r.id);
        expect(await list({})).toEqual([r3.id, r2.id, r1.id]);
        expect(await list({ integrationId: one.id })).toEqual([r3.id, r1.id]);
        expect(await list({ status: 'failed' })).toEqual([r1.id]);
        expect(await list({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual([
          r2.id,
        ]);
        const page1 = await store.runs.list(tenant.id, {}, { limit: 2 });
        const page2 = await store.runs.list(tenant.id, {}, { limit: 2, cursor: page1.nextCursor! });
        expect(page2.items.map((r) => r.id)).toEqual([r1.id]);
      });

      it('lists runs and the latest one without their node traces, which only get reads', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        const trace = {
          nodeId: 'src',
          type: 'source',
          in: 0,
          out: 1,
          skipped: 0,
          failed: 0,
          durationMs: 3,
          samples: [{ input: null, output: { title: 'x'.repeat(10_000) } }],
        };
        await store.runs.finish(tenant.id, run.id, {
          status: 'succeeded',
          counts: emptyRunCounts(),
          cursorAfter: null,
          nodeTraces: [trace],
        });
        const [listed] = (await store.runs.list(tenant.id)).items;
        expect(listed).toMatchObject({ id: run.id, status: 'succeeded' });
        expect(listed).not.toHaveProperty('nodeTraces');
        expect(await store.runs.latest(tenant.id, integration.id)).not.toHaveProperty('nodeTraces');
        expect((await store.runs.get(tenant.id, run.id))?.nodeTraces).toEqual([trace]);
      });
    });

    describe('exceptions', () => {
      it('adds, filters, pages and resolves exception log entries', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        const run = await aRun(tenant, integration);
        const [timeout, badState, mapping] = await store.exceptions.add(tenant.id, [
          {
            integrationId: integration.id,
            runId: run.id,
            phase: 'push',
            kind: 'timeout',
            message: 'Nuvolo did not answer within 30 s',
            httpStatus: null,
            responseSnippet: null,
            nodeId: 'dest',
            recordId: null,
            at: '2026-03-02T09:00:00.000Z',
          },
          {
            integrationId: integration.id,
            runId: run.id,
            phase: 'push',
            kind: 'api-4xx',
            message: "Nuvolo answered 400: Invalid state value 'Open '",
            httpStatus: 400,
            responseSnippet: '{"error":{"message":"Invalid state"}}',
            nodeId: 'dest',
            recordId: null,
            at: '2026-03-02T10:00:00.000Z',
          },
          {
            integrationId: integration.id,
            runId: run.id,
            phase: 'transform',
            kind: 'mapping',
            message: 'due_at is not a date',
            httpStatus: null,
            responseSnippet: null,
            nodeId: 'map',
            recordId: null,
            at: '2026-03-03T10:00:00.000Z',
          },
        ]);
        expect(badState).toMatchObject({ httpStatus: 400, resolvedAt: null, resolvedBy: null });
        expect(await store.exceptions.get(tenant.id, badState!.id)).toEqual(badState);
        const ids = async (filter: Parameters<Store['exceptions']['list']>[1]) =>
          (await store.exceptions.list(tenant.id, filter)).items.map((e) => e.id);
        expect(await ids({})).toEqual([mapping!.id, badState!.id, timeout!.id]);
        expect(await ids({ nodeId: 'dest' })).toEqual([badState!.id, timeout!.id]);
        expect(await ids({ kind: 'mapping' })).toEqual([mapping!.id]);
        expect(await ids({ from: '2026-03-02T09:30:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual([
          badState!.id,
        ]);

        const resolved = await store.exceptions.resolve(
          tenant.id,
          timeout!.id,
          'user-1',
          new Date('2026-03-04T00:00:00Z'),
        );
        expect(resolved).toMatchObject({ resolvedAt: '2026-03-04T00:00:00.000Z', resolvedBy: 'user-1' });
        const again = await store.exceptions.resolve(tenant.id, timeout!.id, 'user-2');
        expect(again).toMatchObject({ resolvedBy: 'user-1' });
        expect(await ids({ resolved: true })).toEqual([timeout!.id]);
        expect(await ids({ resolved: false })).toEqual([mapping!.id, badState!.id]);
        const page1 = await store.exceptions.list(tenant.id, {}, { limit: 1 });
        const page2 = await store.exceptions.list(tenant.id, {}, { limit: 1, cursor: page1.nextCursor! });
        expect(page2.items.map((e) => e.id)).toEqual([badState!.id]);
      });
    });

    describe('insights', () => {
      type Counts = Partial<ReturnType<typeof emptyRunCounts>>;
      /** A run of `integration` that started and finished at the given times with these counts. */
      const aFinishedRun = async (
        tenant: Tenant,
        integration: Integration,
        startedAt: string,
        seconds: number,
        status: 'succeeded' | 'partial' | 'failed',
        counts: Counts = {},
      ) => {
        const run = await aRun(tenant, integration, new Date(startedAt));
        await store.runs.finish(
          tenant.id,
          run.id,
          { status, counts: { ...emptyRunCounts(), ...counts }, cursorAfter: null, nodeTraces: [] },
          new Date(Date.parse(startedAt) + seconds * 1000),
        );
        return run;
      };
      const anException = (integration: Integration, kind: ExceptionKind, at: string) => ({
        integrationId: integration.id,
        runId: null,
        phase: 'push' as const,
        kind,
        message: `Nuvolo: ${kind}`,
        httpStatus: null,
        responseSnippet: null,
        nodeId: 'dest',
        recordId: null,
        at,
      });
      const outcomes = (counts: Partial<Insights['totals']['records']>) => ({
        initiated: 0,
        'update-request': 0,
        created: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        ...counts,
      });
      const statuses = (counts: Partial<Insights['runsByDay'][number]['statuses']>) => ({
        running: 0,
        succeeded: 0,
        partial: 0,
        failed: 0,
        ...counts,
      });
      const MARCH_1_2 = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };

      /** Two days of runs and exceptions in one integration, plus another integration and noise around. */
      async function twoDays(tenant: Tenant) {
        const integration = await anIntegration(tenant);
        const other = await anIntegration(tenant, 'Other');
        const runs: [Integration, string, number, 'succeeded' | 'partial' | 'failed', Counts?][] = [
          // Day 1: two runs in the same hour (one rollup row, summed): 60 s and 30 s.
          [
            integration,
            '2026-03-01T08:00:00.000Z',
            60,
            'succeeded',
            { pulled: 3, new: 3, created: 2, failed: 1 },
          ],
          [
            integration,
            '2026-03-01T08:30:00.000Z',
            30,
            'partial',
            { pulled: 5, changed: 1, unchanged: 4, updated: 1 },
          ],
          // Day 2: a run started before midnight counts on the day it started (90 s); a failed one (120 s).
          [
            integration,
            '2026-03-02T23:59:00.000Z',
            90,
            'partial',
            { pulled: 2, changed: 2, updated: 1, skipped: 1 },
          ],
          [integration, '2026-03-02T12:00:00.000Z', 120, 'failed'],
          // Outside the range, and in the other integration.
          [integration, '2026-03-03T00:00:00.000Z', 1, 'succeeded', { pulled: 7, new: 7 }],
          [other, '2026-03-01T09:00:00.000Z', 10, 'succeeded', { pulled: 4, new: 4, created: 4 }],
        ];
        const [first] = await Promise.all(runs.map((run) => aFinishedRun(tenant, ...run)));
        // Still running: not counted until it finishes. Finishing a run twice counts it once.
        await aRun(tenant, integration, new Date('2026-03-02T10:00:00.000Z'));
        expect(
          await store.runs.finish(tenant.id, first!.id, {
            status: 'failed',
            counts: { ...emptyRunCounts(), pulled: 100 },
            cursorAfter: null,
            nodeTraces: [],
          }),
        ).toBeNull();
        await store.exceptions.add(tenant.id, [
          anException(integration, 'api-5xx', '2026-03-01T08:00:30.000Z'),
          anException(integration, 'api-5xx', '2026-03-01T08:59:59.999Z'),
          anException(integration, 'mapping', '2026-03-02T23:59:10.000Z'),
          anException(integration, 'api-5xx', '2026-03-03T00:00:01.000Z'),
          anException(other, 'timeout', '2026-03-01T09:00:05.000Z'),
        ]);
        expect(await store.exceptions.add(tenant.id, [])).toEqual([]);
        return { integration, other };
      }

      it('counts what finished runs did per day: records by outcome, runs by status, exception kinds', async () => {
        const tenant = await aTenant();
        const { integration } = await twoDays(tenant);
        expect(await store.insights.insights(tenant.id, MARCH_1_2, integration.id)).toEqual({
          recordsByDay: [
            {
              day: '2026-03-01',
              outcomes: outcomes({ initiated: 3, 'update-request': 1, created: 2, updated: 1, failed: 1 }),
            },
            { day: '2026-03-02', outcomes: outcomes({ 'update-request': 2, updated: 1, skipped: 1 }) },
          ],
          runsByDay: [
            { day: '2026-03-01', statuses: statuses({ succeeded: 1, partial: 1 }) },
            { day: '2026-03-02', statuses: statuses({ partial: 1, failed: 1 }) },
          ],
          topExceptionKinds: [
            { kind: 'api-5xx', count: 2 },
            { kind: 'mapping', count: 1 },
          ],
          totals: {
            records: outcomes({
              initiated: 3,
              'update-request': 3,
              created: 2,
              updated: 2,
              skipped: 1,
              failed: 1,
            }),
            runs: 4,
            averageRunMs: 75_000,
          },
        });
      });

      it('covers every integration of the tenant when none is named', async () => {
        const tenant = await aTenant();
        await twoDays(tenant);
        const insights = await store.insights.insights(tenant.id, MARCH_1_2);
        expect(insights.recordsByDay[0]).toEqual({
          day: '2026-03-01',
          outcomes: outcomes({ initiated: 7, 'update-request': 1, created: 6, updated: 1, failed: 1 }),
        });
        expect(insights.runsByDay[0]).toEqual({
          day: '2026-03-01',
          statuses: statuses({ succeeded: 2, partial: 1 }),
        });
        expect(insights.topExceptionKinds).toEqual([
          { kind: 'api-5xx', count: 2 },
          { kind: 'mapping', count: 1 },
          { kind: 'timeout', count: 1 },
        ]);
        expect(insights.totals).toMatchObject({ runs: 5, averageRunMs: 62_000 });
      });

      it('widens a range to whole hours: every hour it overlaps counts whole', async () => {
        const tenant = await aTenant();
        const { integration } = await twoDays(tenant);
        const within = await store.insights.insights(
          tenant.id,
          { from: '2026-03-01T08:45:00.000Z', to: '2026-03-01T08:45:00.001Z' },
          integration.id,
        );
        expect(within.runsByDay).toEqual([
          { day: '2026-03-01', statuses: statuses({ succeeded: 1, partial: 1 }) },
        ]);
        expect(within.totals.records.initiated).toBe(3);
        expect(within.topExceptionKinds).toEqual([{ kind: 'api-5xx', count: 2 }]);
        // [09:00, 10:00) starts after the 08:00 hour: nothing of this integration.
        const next = await store.insights.insights(
          tenant.id,
          { from: '2026-03-01T09:00:00.000Z', to: '2026-03-01T10:00:00.000Z' },
          integration.id,
        );
        expect(next.totals.runs).toBe(0);
        expect(next.topExceptionKinds).toEqual([]);
        // An hour starting exactly at `to` is left out.
        const before = await store.insights.insights(
          tenant.id,
          { from: '2026-03-01T07:00:00.000Z', to: '2026-03-01T08:00:00.000Z' },
          integration.id,
        );
        expect(before.totals.runs).toBe(0);
      });

      it('counts each hour once over a range of whole days with partial days at both ends', async () => {
        const tenant = await aTenant();
        const integration = await anIntegration(tenant);
        // One run and one exception an hour, from Feb 27 22:00 to Mar 3 00:00 (75 hours).
        const first = Date.parse('2026-02-27T22:00:00.000Z');
        for (let hour = 0; hour < 75; hour++) {
          const at = new Date(first + hour * 3_600_000 + 600_000).toISOString();
          await aFinishedRun(tenant, integration, at, 1, 'succeeded', { new: 1 });
          await store.exceptions.add(tenant.id, [anException(integration, 'timeout', at)]);
        }
        // Reads the hours 23:00 on Feb 27 to 00:00 on Mar 3: every hour but the first.
        const insights = await store.insights.insights(
          tenant.id,
          { from: '2026-02-27T23:30:00.000Z', to: '2026-03-03T00:30:00.000Z' },
          integration.id,
        );
        expect(insights.runsByDay.map(({ day, statuses }) => [day, statuses.succeeded])).toEqual([
          ['2026-02-27', 1],
          ['2026-02-28', 24],
          ['2026-03-01', 24],
          ['2026-03-02', 24],
          ['2026-03-03', 1],
        ]);
        expect(insights.totals.records.initiated).toBe(74);
        expect(insights.topExceptionKinds).toEqual([{ kind: 'timeout', count: 74 }]);
      });

      it('answers an empty range with empty series', async () => {
        const tenant = await aTenant();
        await twoDays(tenant);
        const insights = await store.insights.insights(tenant.id, {
          from: '2025-01-01T00:00:00.000Z',
          to: '2025-02-01T00:00:00.000Z',
        });
        expect(insights).toEqual({
          recordsByDay: [],
          runsByDay: [],
          topExceptionKinds: [],
          totals: { records: outcomes({}), runs: 0, averageRunMs: null },
        });
      });

      it("never counts another tenant's runs or exceptions", async () => {
        const a = await aTenant('tenant-a');
        const b = await aTenant('tenant-b');
        await twoDays(a);
        const bIntegration = await anIntegration(b);
        await aFinishedRun(b, bIntegration, '2026-03-01T08:10:00.000Z', 2, 'succeeded', {
          pulled: 1,
          new: 1,
          created: 1,
        });
        await store.exceptions.add(b.id, [anException(bIntegration, 'auth', '2026-03-01T08:10:01.000Z')]);
        expect(await store.insights.insights(b.id, MARCH_1_2)).toEqual({
          recordsByDay: [{ day: '2026-03-01', outcomes: outcomes({ initiated: 1, created: 1 }) }],
          runsByDay: [{ day: '2026-03-01', statuses: statuses({ succeeded: 1 }) }],
          topExceptionKinds: [{ kind: 'auth', count: 1 }],
          totals: { records: outcomes({ initiated: 1, created: 1 }), runs: 1, averageRunMs: 2_000 },
        });
        expect((await store.insights.insights(a.id, MARCH_1_2)).totals.runs).toBe(5);
      });
    });

    describe('sessions and API tokens', () => {
      const tokenHash = (c: string) => c.repeat(64);
      const aSession = (tenantId: string, userId: string, id = tokenHash('a')) => ({
        id,
        tenantId,
        userId,
        actingTenantId: tenantId,
        csrfToken: 'c'.repeat(43),
        createdAt: '2026-03-02T09:00:00.000Z',
        lastSeenAt: '2026-03-02T09:00:00.000Z',
        expiresAt: '2026-03-03T09:00:00.000Z',
      });

      it('keeps a session by its token hash, records activity, switches tenant and ends it', async () => {
        const tenant = await aTenant();
        const other = await aTenant('other');
        await store.sessions.create(aSession(tenant.id, 'u1'));
        expect(await store.sessions.findByTokenHash(tokenHash('a'))).toEqual(aSession(tenant.id, 'u1'));
        expect(await store.sessions.findByTokenHash(tokenHash('z'))).toBeNull();
        await store.sessions.touch(tokenHash('a'), new Date('2026-03-02T10:00:00.000Z'));
        await store.sessions.switchTenant(tokenHash('a'), other.id);
        expect(await store.sessions.findByTokenHash(tokenHash('a'))).toMatchObject({
          lastSeenAt: '2026-03-02T10:00:00.000Z',
          actingTenantId: other.id,
        });
        await store.sessions.delete(tokenHash('a'));
        expect(await store.sessions.findByTokenHash(tokenHash('a'))).toBeNull();
      });

      it("signs a user out everywhere, only that user, only through the user's tenant", async () => {
        const tenant = await aTenant();
        const other = await aTenant('other');
        await store.sessions.create(aSession(tenant.id, 'u1', tokenHash('a')));
        await store.sessions.create(aSession(tenant.id, 'u1', tokenHash('b')));
        await store.sessions.create(aSession(tenant.id, 'u2', tokenHash('c')));
        expect(await store.sessions.deleteForUser(other.id, 'u1')).toBe(0);
        expect(await store.sessions.deleteForUser(tenant.id, 'u1')).toBe(2);
        expect(await store.sessions.findByTokenHash(tokenHash('c'))).not.toBeNull();
      });

      it('creates, finds, lists, uses and revokes API tokens, scoped to their tenant', async () => {
        const tenant = await aTenant();
        const other = await aTenant('other');
        const token = await store.apiTokens.create(tenant.id, {
          userId: 'u1',
          name: 'Jenkins',
          tokenHash: tokenHash('1'),
          prefix: 'isk_1111',
          expiresAt: null,
        });
        expect(token).toMatchObject({ tenantId: tenant.id, lastUsedAt: null, revokedAt: null });
        expect(await store.apiTokens.findByHash(tokenHash('1'))).toEqual(token);
        expect(await store.apiTokens.list(tenant.id, 'u1')).toEqual([token]);
        expect(await store.apiTokens.list(other.id, 'u1')).toEqual([]);
        await store.apiTokens.touch(tokenHash('1'), new Date('2026-03-02T10:00:00.000Z'));
        expect(await store.apiTokens.findByHash(tokenHash('1'))).toMatchObject({
          lastUsedAt: '2026-03-02T10:00:00.000Z',
        });
        expect(await store.apiTokens.revoke(other.id, token.id)).toBeNull();
        expect(
          await store.apiTokens.revoke(tenant.id, token.id, new Date('2026-03-02T11:00:00.000Z')),
        ).toMatchObject({ revokedAt: '2026-03-02T11:00:00.000Z' });
      });
    });

    describe('audit log', () => {
      const admin = { kind: 'user', userId: 'u-admin', email: 'admin@acme.test' } as const;
      const robot = { kind: 'api-token', userId: 'u-robot', email: 'robot@acme.test' } as const;
      const HOUR = (hour: number) => `2026-03-02T${String(hour).padStart(2, '0')}:00:00.000Z`;

      /** Three changes by two actors to two objects, an hour apart. */
      async function changes(tenant: Tenant) {
        const created = await store.audit.record(tenant.id, {
          at: HOUR(9),
          actor: admin,
          action: 'connection.created',
          target: { type: 'connection', id: 'c1' },
          summary: 'Created connection "PlanGrid"',
          details: { system: 'plangrid' },
        });
        const updated = await store.audit.record(tenant.id, {
          at: HOUR(10),
          actor: admin,
          action: 'connection.updated',
          target: { type: 'connection', id: 'c1' },
          summary: 'Updated connection "PlanGrid"',
          details: { credentials: 'credentials replaced' },
        });
        const activated = await store.audit.record(tenant.id, {
          at: HOUR(11),
          actor: robot,
          action: 'integration.activated',
          target: { type: 'integration', id: 'i1' },
          summary: 'Activated integration "PlanGrid → Nuvolo"',
        });
        return { created, updated, activated };
      }

      it('records who changed what and lists the changes newest first', async () => {
        const tenant = await aTenant();
        const { created, updated, activated } = await changes(tenant);
        expect(created).toMatchObject({ tenantId: tenant.id, at: HOUR(9), actor: admin });
        expect(activated.details).toEqual({});
        const page = await store.audit.list(tenant.id);
        expect(page).toEqual({ items: [activated, updated, created], nextCursor: null });
      });

      it('filters by action, actor, target and time range', async () => {
        const tenant = await aTenant();
        const { created, updated, activated } = await changes(tenant);
        const ids = async (filter: Parameters<Store['audit']['list']>[1]) =>
          (await store.audit.list(tenant.id, filter)).items.map((entry) => entry.id);
        expect(await ids({ action: 'connection.updated' })).toEqual([updated.id]);
        expect(await ids({ actorId: 'u-robot' })).toEqual([activated.id]);
        expect(await ids({ targetId: 'c1' })).toEqual([updated.id, created.id]);
        expect(await ids({ from: HOUR(10), to: HOUR(11) })).toEqual([updated.id]);
        expect(await ids({ actorId: 'u-admin', targetId: 'i1' })).toEqual([]);
      });

      it('pages through the log with a cursor', async () => {
        const tenant = await aTenant();
        const { created, updated, activated } = await changes(tenant);
        const first = await store.audit.list(tenant.id, {}, { limit: 2 });
        expect(first.items).toEqual([activated, updated]);
        expect(first.nextCursor).not.toBeNull();
        const second = await store.audit.list(tenant.id, {}, { limit: 2, cursor: first.nextCursor! });
        expect(second).toEqual({ items: [created], nextCursor: null });
      });

      it("never shows one tenant's entries to another", async () => {
        const tenant = await aTenant();
        const other = await aTenant('other');
        await changes(tenant);
        expect(await store.audit.list(other.id)).toEqual({ items: [], nextCursor: null });
        expect((await store.audit.list(other.id, { targetId: 'c1' })).items).toEqual([]);
      });
    });

    describe('retention', () => {
      const JAN = (day: number, time = '00:00:00') =>
        new Date(`2026-01-${String(day).padStart(2, '0')}T${time}.000Z`);
      const cutoffs = { runsBefore: JAN(20), eventsBefore: JAN(20) };

      /** Old and recent runs, exceptions and record events of one tenant. */
      async function history(tenant: Tenant) {
        const integration = await anIntegration(tenant);
        const finish = (id: string, at: Date) =>
          store.runs.finish(
            tenant.id,
            id,
            {
              status: 'succeeded',
              counts: { ...emptyRunCounts(), pulled: 3, new: 3 },
              cursorAfter: null,
              nodeTraces: [
                {
                  nodeId: 'src',
                  type: 'source',
                  in: 0,
                  out: 3,
                  skipped: 0,
                  failed: 0,
                  durationMs: 5,
                  samples: [],
                },
              ],
            },
            at,
          );
        const oldRun = await aRun(tenant, integration, JAN(1));
        await finish(oldRun.id, JAN(1, '00:01:00'));
        const stuckRun = await aRun(tenant, integration, JAN(2));
        const recentRun = await aRun(tenant, integration, new Date('2026-03-01T00:00:00.000Z'));
        await finish(recentRun.id, new Date('2026-03-01T00:01:00.000Z'));
        const exception = (at: string) => ({
          integrationId: integration.id,
          runId: oldRun.id,
          phase: 'push' as const,
          kind: 'api-5xx' as const,
          message: 'Nuvolo answered 503',
          httpStatus: 503,
          responseSnippet: null,
          nodeId: 'dest',
          recordId: null,
          at,
        });
        const [, , , recentException] = await store.exceptions.add(tenant.id, [
          exception('2026-01-01T00:00:10.000Z'),
          exception('2026-01-01T00:00:20.000Z'),
          exception('2026-01-19T23:59:59.999Z'),
          exception('2026-01-20T00:00:00.000Z'),
        ]);

        // a: initiated → pushed → (source status open → closed) update-request → updated (recent);
        // b: initiated → failed; c: initiated only.
        clock.set(JAN(1).toISOString());
        await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), oldRun.id);
        const [a, b, c] = (
          await store.records.claimForPush(tenant.id, integration.id, {
            limit: 3,
            now: JAN(1),
            maxAttempts: 3,
          })
        ).map((record) => record.id);
        const at = (day: number) => ({ runId: oldRun.id, at: JAN(day) });
        await store.records.markPushed(tenant.id, a!, {
          ...at(2),
          destinationId: 'd-a',
          operation: 'created',
        });
        await store.records.markFailed(tenant.id, b!, { ...at(2), error: '400', nextAttemptAt: null });
        clock.set(JAN(3).toISOString());
        await store.records.upsertPulled(
          tenant.id,
          integration.id,
          [pulledIssue('pg-00000', { status: 'closed' })],
          oldRun.id,
        );
        await store.records.markPushed(tenant.id, a!, {
          runId: recentRun.id,
          destinationId: 'd-a',
          operation: 'updated',
          at: new Date('2026-03-01T00:00:30.000Z'),
        });
        return {
          integration,
          oldRun,
          stuckRun,
          recentRun,
          recentException,
          records: { a: a!, b: b!, c: c! },
        };
      }

      /** Prunes batch after batch until nothing is left; answers each batch's counts. */
      async function pruneAll(tenantId: string, batchSize: number) {
        const batches = [];
        for (;;) {
          const batch = await store.maintenance.prune(tenantId, { ...cutoffs, batchSize });
          batches.push(batch);
          if (batch.runs + batch.exceptions + batch.recordEvents === 0) return batches;
        }
      }

      it('deletes old finished runs with their traces and old exceptions, batch by batch', async () => {
        const tenant = await aTenant();
        const { oldRun, stuckRun, recentRun, recentException } = await history(tenant);
        expect(await pruneAll(tenant.id, 2)).toEqual([
          { runs: 1, exceptions: 2, recordEvents: 2 },
          { runs: 0, exceptions: 1, recordEvents: 2 },
          { runs: 0, exceptions: 0, recordEvents: 0 },
        ]);
        expect(await store.runs.get(tenant.id, oldRun.id)).toBeNull();
        expect((await store.runs.list(tenant.id)).items.map((run) => run.id)).toEqual([
          recentRun.id,
          stuckRun.id,
        ]);
        expect((await store.exceptions.list(tenant.id)).items).toEqual([recentException]);
      });

      it("keeps each record's last event of each kind, so its timeline still explains its status", async () => {
        const tenant = await aTenant();
        const { records } = await history(tenant);
        await pruneAll(tenant.id, 1_000);
        const timeline = async (recordId: string) =>
          (await store.recordEvents.timeline(tenant.id, recordId)).map((event) => [
            event.kind,
            event.to,
            event.at,
          ]);
        expect(await timeline(records.a)).toEqual([
          ['source-status', 'closed', '2026-01-03T00:00:00.000Z'],
          ['lifecycle', 'updated', '2026-03-01T00:00:30.000Z'],
        ]);
        expect(await timeline(records.b)).toEqual([['lifecycle', 'failed', '2026-01-02T00:00:00.000Z']]);
        expect(await timeline(records.c)).toEqual([['lifecycle', 'initiated', '2026-01-01T00:00:00.000Z']]);
        for (const id of Object.values(records)) {
          const record = await store.records.get(tenant.id, id);
          const events = await store.recordEvents.timeline(tenant.id, id);
          expect(events.filter((event) => event.kind === 'lifecycle').at(-1)?.to).toBe(
            record?.status === 'pushed' ? 'pushed' : record?.status,
          );
        }
      });

      it('keeps record events longer than runs when their cutoff is earlier', async () => {
        const tenant = await aTenant();
        await history(tenant);
        expect(
          await store.maintenance.prune(tenant.id, {
            runsBefore: JAN(20),
            eventsBefore: JAN(1),
            batchSize: 100,
          }),
        ).toEqual({ runs: 1, exceptions: 3, recordEvents: 0 });
      });

      it('leaves insights as they were: rollups are never pruned', async () => {
        const tenant = await aTenant();
        await history(tenant);
        const year = { from: '2025-06-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' };
        const before = await store.insights.insights(tenant.id, year);
        expect(before.totals).toMatchObject({ runs: 2, averageRunMs: 60_000 });
        await pruneAll(tenant.id, 2);
        expect(await store.insights.insights(tenant.id, year)).toEqual(before);
      });

      it("never prunes another tenant's history", async () => {
        const a = await aTenant('tenant-a');
        const b = await aTenant('tenant-b');
        const { oldRun, records } = await history(a);
        const timeline = await store.recordEvents.timeline(a.id, records.a);
        expect(await pruneAll(b.id, 10)).toEqual([{ runs: 0, exceptions: 0, recordEvents: 0 }]);
        expect(await store.runs.get(a.id, oldRun.id)).not.toBeNull();
        expect((await store.exceptions.list(a.id)).items).toHaveLength(4);
        expect(await store.recordEvents.timeline(a.id, records.a)).toEqual(timeline);
      });

      it('refuses a batch size that is not a whole number from 1 to 10,000', async () => {
        const tenant = await aTenant();
        for (const batchSize of [0, 1.5, 10_001])
          await expect(store.maintenance.prune(tenant.id, { ...cutoffs, batchSize })).rejects.toThrow(
            /batch size/,
          );
      });
    });

    describe('tenant isolation', () => {
      it("never reads, changes or counts tenant A's objects through tenant B's id", async () => {
        const a = await aTenant('tenant-a');
        const b = await aTenant('tenant-b');
        const user = await store.users.create(a.id, { email: 'ana@a.test', name: 'Ana', role: 'editor' });
        const connection = await store.connections.create(a.id, {
          system: 'nuvolo',
          name: 'Nuvolo',
          baseUrl: 'https://a.service-now.com',
          authKind: 'basic',
          secret: SEALED,
        });
        const integration = await anIntegration(a);
        await store.plans.save(a.id, integration.id, { hash: 'h', stages: [] });
        const run = await aRun(a, integration);
        await store.records.upsertPulled(a.id, integration.id, pulledIssues(3), run.id);
        const [record] = (await store.records.search(a.id, {})).items;
        await store.records.markFailed(a.id, record!.id, { runId: run.id, error: 'x', nextAttemptAt: null });
        const [exception] = await store.exceptions.add(a.id, [
          {
            integrationId: integration.id,
            runId: run.id,
            phase: 'push',
            kind: 'api-5xx',
            message: 'x',
            httpStatus: 500,
            responseSnippet: null,
            nodeId: 'dest',
            recordId: record!.id,
          },
        ]);
        const snapshot = async () => ({
          user: await store.users.get(a.id, user.id),
          connection: await store.connections.get(a.id, connection.id),
          integration: await store.integrations.get(a.id, integration.id),
          record: await store.records.get(a.id, record!.id),
          run: await store.runs.get(a.id, run.id),
          exception: await store.exceptions.get(a.id, exception!.id),
          timeline: await store.recordEvents.timeline(a.id, record!.id),
          plans: await store.plans.list(a.id, integration.id),
        });
        const before = await snapshot();

        // Reads and counts through B see nothing.
        expect(await store.users.get(b.id, user.id)).toBeNull();
        expect((await store.users.list(b.id)).items).toEqual([]);
        expect(await store.users.count(b.id)).toBe(0);
        expect(await store.connections.get(b.id, connection.id)).toBeNull();
        expect((await store.connections.list(b.id)).items).toEqual([]);
        expect(await store.integrations.get(b.id, integration.id)).toBeNull();
        expect((await store.integrations.list(b.id, { includeArchived: true })).items).toEqual([]);
        expect(await store.integrations.count(b.id)).toBe(0);
        expect(await store.plans.get(b.id, integration.id, 1)).toBeNull();
        expect(await store.plans.latest(b.id, integration.id)).toBeNull();
        expect((await store.plans.list(b.id, integration.id)).items).toEqual([]);
        expect(await store.records.get(b.id, record!.id)).toBeNull();
        expect(await store.records.getBySourceId(b.id, integration.id, record!.sourceId)).toBeNull();
        expect((await store.records.search(b.id, { q: record!.sourceId })).items).toEqual([]);
        expect(
          await store.records.claimForPush(b.id, integration.id, {
            limit: 10,
            now: new Date('2100-01-01'),
            maxAttempts: 9,
          }),
        ).toEqual([]);
        expect(Object.values(await store.records.countByStatus(b.id)).every((n) => n === 0)).toBe(true);
        expect(await store.recordEvents.timeline(b.id, record!.id)).toEqual([]);
        expect(await store.runs.get(b.id, run.id)).toBeNull();
        expect((await store.runs.list(b.id)).items).toEqual([]);
        expect(await store.runs.running(b.id, integration.id)).toBeNull();
        expect(await store.runs.latest(b.id, integration.id)).toBeNull();
        expect(await store.exceptions.get(b.id, exception!.id)).toBeNull();
        expect((await store.exceptions.list(b.id)).items).toEqual([]);
        const bInsights = await store.insights.insights(b.id, {
          from: '2000-01-01T00:00:00.000Z',
          to: '2100-01-01T00:00:00.000Z',
        });
        expect(bInsights.recordsByDay).toEqual([]);
        expect(bInsights.totals.runs).toBe(0);
        expect(await store.tenants.usage(b.id)).toEqual({ integrations: 0, users: 0, recordsThisMonth: 0 });

        // Writes through B change nothing.
        expect(await store.users.update(b.id, user.id, { role: 'viewer' })).toBeNull();
        expect(await store.connections.update(b.id, connection.id, { name: 'stolen' })).toBeNull();
        expect(await store.connections.delete(b.id, connection.id)).toBe(false);
        expect(await store.integrations.update(b.id, integration.id, { title: 'stolen' })).toBeNull();
        expect(await store.integrations.saveCursor(b.id, integration.id, 'x')).toBe(false);
        expect(await store.records.markPushIntent(b.id, record!.id)).toBe(false);
        expect(
          await store.records.markPushed(b.id, record!.id, {
            runId: null,
            destinationId: 'x',
            operation: 'created',
          }),
        ).toBeNull();
        expect(
          await store.records.markFailed(b.id, record!.id, { runId: null, error: 'x', nextAttemptAt: null }),
        ).toBeNull();
        expect(await store.records.markSkipped(b.id, record!.id, { runId: null, reason: 'x' })).toBeNull();
        expect(await store.records.markPushIntents(b.id, [record!.id])).toBe(0);
        expect(
          await store.records.markPushedMany(b.id, [
            { recordId: record!.id, runId: null, destinationId: 'x', operation: 'created' },
          ]),
        ).toBe(0);
        expect(
          await store.records.markFailedMany(b.id, [
            { recordId: record!.id, runId: null, error: 'x', nextAttemptAt: null },
          ]),
        ).toBe(0);
        expect(await store.records.requeue(b.id, { recordIds: [record!.id] })).toBe(0);
        expect(await store.records.requeue(b.id, { runId: run.id })).toBe(0);
        expect(
          await store.runs.finish(b.id, run.id, {
            status: 'failed',
            counts: emptyRunCounts(),
            cursorAfter: null,
            nodeTraces: [],
          }),
        ).toBeNull();
        expect(await store.exceptions.resolve(b.id, exception!.id, null)).toBeNull();
        // Pulling the same source ids under B makes B's own records, never touching A's.
        expect(await store.records.upsertPulled(b.id, integration.id, pulledIssues(3), null)).toEqual({
          created: 3,
          changed: 0,
          unchanged: 0,
        });

        expect(await snapshot()).toEqual(before);
      });
    });
  });
}
