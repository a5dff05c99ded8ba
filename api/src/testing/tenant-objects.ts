import { randomBytes } from 'node:crypto';
import { sealCredentials, type Store } from '@isync/core';
import { pulledIssue } from '@isync/core/testing';
import type { ApiDependencies } from '../deps.js';

/** The kinds of object a route can name, in its path, query or body. */
export type ObjectKind =
  | 'tenant'
  | 'user'
  | 'connection'
  | 'source-connection'
  | 'integration'
  | 'published-integration'
  | 'run'
  | 'record'
  | 'exception'
  | 'token'
  | 'tenant-system';

/** A small valid connector definition (a ServiceNow-style Table API), for tenant systems. */
export const TABLE_API_DEFINITION = {
  auth: { kind: 'basic', username: '{{secrets.username}}', password: '{{secrets.password}}' },
  objects: [{ name: 'x_nuvo_eam_facilities_work_orders' }],
  idField: 'sys_id',
  list: {
    path: '/api/now/table/{{object}}',
    records: '$.result',
    paginate: { kind: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit' },
    cursor: { field: 'sys_updated_on', order: 'none' },
  },
};

export interface SystemUrls {
  plangrid: string;
  nuvolo: string;
}

/**
 * Makes fresh objects of a tenant straight in the store, one per call, so a test may delete or change them,
 * and reads them back to prove a request left them alone.
 */
export class TenantObjects {
  private serial = 0;

  constructor(
    private readonly deps: Pick<ApiDependencies, 'store' | 'keyring'>,
    private readonly urls: SystemUrls,
  ) {}

  private get store(): Store {
    return this.deps.store;
  }

  /** A new object of this kind in the tenant; a token belongs to `userId`. */
  async create(kind: ObjectKind, tenantId: string, userId: string): Promise<string> {
    const n = ++this.serial;
    switch (kind) {
      case 'tenant':
        return tenantId;
      case 'user':
        return (
          await this.store.users.create(tenantId, {
            email: `someone-${n}@objects.test`,
            name: `Someone ${n}`,
            role: 'viewer',
            passwordHash: null,
          })
        ).id;
      case 'connection':
        return this.connection(tenantId, 'nuvolo', n);
      case 'source-connection':
        return this.connection(tenantId, 'plangrid', n);
      case 'integration':
        return (await this.store.integrations.create(tenantId, { title: `Sync ${n}`, description: '' })).id;
      case 'published-integration': {
        const { id } = await this.store.integrations.create(tenantId, {
          title: `Sync ${n}`,
          description: '',
        });
        const plan = await this.store.plans.save(tenantId, id, { hash: `plan-${n}`, stages: [] });
        await this.store.integrations.update(tenantId, id, { planVersion: plan.version });
        return id;
      }
      case 'run':
        return (await this.run(tenantId)).runId;
      case 'record':
        return this.failedRecord(tenantId, n);
      case 'exception': {
        const { runId, integrationId } = await this.run(tenantId);
        const [exception] = await this.store.exceptions.add(tenantId, [
          {
            integrationId,
            runId,
            phase: 'push',
            kind: 'api-5xx',
            message: 'Nuvolo answered 503',
            httpStatus: 503,
            responseSnippet: null,
            nodeId: 'destination',
            recordId: null,
          },
        ]);
        return exception!.id;
      }
      case 'token':
        return (
          await this.store.apiTokens.create(tenantId, {
            userId,
            name: `Token ${n}`,
            tokenHash: randomBytes(32).toString('hex'),
            prefix: 'isk_test',
            expiresAt: null,
          })
        ).id;
      case 'tenant-system':
        return (
          await this.store.tenantSystems.create(
            tenantId,
            { name: `System ${n}`, label: `S${n % 1000}`, definition: TABLE_API_DEFINITION },
            null,
          )
        ).id;
    }
  }

  /** The object as the store holds it now, to compare before and after a request. */
  async read(kind: ObjectKind, tenantId: string, id: string, userId: string): Promise<unknown> {
    const { store } = this;
    switch (kind) {
      case 'tenant':
        return store.tenants.get(id);
      case 'user':
        return store.users.get(tenantId, id);
      case 'connection':
      case 'source-connection':
        return store.connections.get(tenantId, id);
      case 'integration':
      case 'published-integration':
        return store.integrations.get(tenantId, id);
      case 'run':
        return store.runs.get(tenantId, id);
      case 'record':
        return store.records.get(tenantId, id);
      case 'exception':
        return store.exceptions.get(tenantId, id);
      case 'token':
        return (await store.apiTokens.list(tenantId, userId)).find((token) => token.id === id);
      case 'tenant-system':
        return store.tenantSystems.get(tenantId, id);
    }
  }

  private async connection(tenantId: string, system: 'plangrid' | 'nuvolo', n: number) {
    const secret =
      system === 'plangrid'
        ? sealCredentials(this.deps.keyring, { apiKey: 'pg-demo-key' }, tenantId)
        : sealCredentials(this.deps.keyring, { username: 'admin', password: 'nuvolo-demo' }, tenantId);
    const connection = await this.store.connections.create(tenantId, {
      system,
      name: `${system} ${n}`,
      baseUrl: this.urls[system],
      authKind: system === 'plangrid' ? 'api-key' : 'basic',
      secret,
    });
    return connection.id;
  }

  private async run(tenantId: string) {
    const integrationId = await this.create('integration', tenantId, '');
    const run = await this.store.runs.start(tenantId, {
      integrationId,
      planVersion: 1,
      trigger: 'manual',
      cursorBefore: null,
    });
    return { runId: run.id, integrationId };
  }

  /** A record whose push failed, so a replay that reached it would change it. */
  private async failedRecord(tenantId: string, n: number) {
    const { runId, integrationId } = await this.run(tenantId);
    await this.store.records.upsertPulled(tenantId, integrationId, [pulledIssue(`issue-${n}`)], runId);
    const record = (await this.store.records.getBySourceId(tenantId, integrationId, `issue-${n}`))!;
    await this.store.records.markFailed(tenantId, record.id, {
      runId,
      error: 'Nuvolo answered 400',
      nextAttemptAt: null,
    });
    return record.id;
  }
}
