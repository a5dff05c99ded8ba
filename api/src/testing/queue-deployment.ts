/*
 * Queue mode as deployed, for tests: API and executor processes (`main.ts --role …`) sharing one SQLite
 * file store and one Redis under a BullMQ prefix of the test's own. Everything started is stopped and
 * deleted by `close()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMasterKey, openStore, type Store } from '@isync/core';
import { REDIS_URL, sleep, spawnChild, testPrefix, type ChildWorker } from '@isync/executor/testing';
import type { PlanGridControl, RunningSimulator } from '@isync/simulators';
import { ApiClient, PASSWORD, type Requester, type Transcript } from './api-world.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
export const ROOT_EMAIL = 'root@isync.test';
/** SIGTERM, then SIGKILL when the process has not stopped after this long (as Kubernetes does). */
const GRACE_MS = 1_000;

export type Role = 'api' | 'executor';

export interface QueueDeployment {
  /** The BullMQ prefix: every Redis key and client name of this deployment starts with it. */
  prefix: string;
  /** Starts a process of this role; `url` answers its HTTP address once it is ready. */
  start(role: Role): ChildWorker;
  url(child: ChildWorker): Promise<string>;
  /** SIGTERM, then SIGKILL after the grace period; answers which signal ended it. */
  stop(child: ChildWorker, graceMs?: number): Promise<'SIGTERM' | 'SIGKILL'>;
  /** The processes' store, opened in this process too (SQLite in WAL mode takes readers beside them). */
  openStore(): Promise<Store>;
  close(): Promise<void>;
}

export function queueDeployment(settings: { lockMs?: number; env?: Record<string, string> } = {}) {
  const keys = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'isync-queue-'));
  const children = new Set<ChildWorker>();
  const stores: Store[] = [];
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    ISYNC_DATA_DIR: dir,
    ISYNC_MASTER_KEY: generateMasterKey(),
    REDIS_URL,
    ISYNC_QUEUE_PREFIX: keys.prefix,
    ISYNC_QUEUE_LOCK_MS: String(settings.lockMs ?? 3000),
    ISYNC_ADMIN_EMAIL: ROOT_EMAIL,
    ISYNC_ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'info',
    // The simulators listen on loopback, on the outbound floor: the operator allows it here.
    ISYNC_ALLOWED_HOSTS: '127.0.0.0/8,localhost,::1',
    ...settings.env,
  };

  const deployment: QueueDeployment = {
    prefix: keys.prefix,
    start(role) {
      const child = spawnChild({
        script: MAIN,
        args: ['--role', role],
        cwd: ROOT,
        env,
        readyWhen:
          role === 'api' ? /is listening on (http:\/\/[^"\s]+)/ : /probes and metrics on (http:\/\/[^"\s]+)/,
      });
      children.add(child);
      void child.exited.then(() => children.delete(child));
      return child;
    },
    url: async (child) => (await child.ready)[1]!,
    async stop(child, graceMs = GRACE_MS) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (stopped) return 'SIGTERM';
      child.kill('SIGKILL');
      await child.exited;
      return 'SIGKILL';
    },
    async openStore() {
      const mongodbUrl = process.env.MONGODB_URL;
      const store = await openStore({ store: mongodbUrl ? 'mongodb' : 'sqlite', mongodbUrl, dataDir: dir });
      stores.push(store);
      return store;
    },
    async close() {
      await Promise.all(
        [...children].map(async (child) => {
          child.kill('SIGKILL');
          await child.exited;
        }),
      );
      for (const store of stores.splice(0)) await store.close().catch(() => undefined);
      await keys.clean();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return deployment;
}

/** Requests to whichever API process `target.url` names now (an API restarted on a new port). */
export const toCurrentApi = (target: { url: string }): Requester => ({
  request: (path, init) => fetch(new URL(path, target.url), init),
});

/** The platform admin creates a tenant and invites its admin, who sets a password and signs in. */
export async function signUpTenant(api: Requester, transcript: Transcript, slug = 'acme') {
  const root = new ApiClient(api, transcript);
  await root.login(ROOT_EMAIL);
  const created = await root.post('/api/tenants', {
    name: 'Acme Facilities',
    slug,
    limits: { minScheduleSeconds: 1 },
    admin: { email: `admin@${slug}.test`, name: 'Ada' },
  });
  if (created.status !== 201) throw new Error(`the tenant was refused: ${created.text}`);
  const token = new URL(created.json.invitation.inviteUrl, 'http://x').searchParams.get('token');
  const accepted = await new ApiClient(api, transcript).post('/api/auth/accept-invite', {
    token,
    password: PASSWORD,
  });
  if (accepted.status !== 200) throw new Error(`the invitation was refused: ${accepted.text}`);
  const admin = new ApiClient(api, transcript);
  await admin.login(`admin@${slug}.test`);
  return { admin, tenantId: created.json.tenant.id as string };
}

const SHORT_DESCRIPTION = { kind: 'template', template: 'PG-{{number}}: {{title}}' };

/**
 * A PlanGrid → Nuvolo work orders integration through the wizard, syncing the first project of its
 * PlanGrid every `everySeconds`, activated; answers its id.
 */
export async function activeIntegration(
  admin: ApiClient,
  options: {
    title: string;
    plangrid: RunningSimulator<PlanGridControl>;
    destinationConnectionId: string;
    everySeconds: number;
  },
): Promise<string> {
  const { title, plangrid, destinationConnectionId, everySeconds } = options;
  const source = await admin.post('/api/connections', {
    system: 'plangrid',
    name: `PlanGrid of ${title}`,
    baseUrl: plangrid.url,
    authKind: 'api-key',
    credentials: { apiKey: 'pg-demo-key' },
  });
  const id = (await admin.post('/api/integrations', { title, description: '' })).json.id as string;
  const steps = [
    await admin.put(`/api/integrations/${id}/source`, {
      connectionId: source.json.id,
      object: 'issues',
      project: plangrid.control.projects()[0]!.uid,
    }),
    await admin.put(`/api/integrations/${id}/destination`, {
      connectionId: destinationConnectionId,
      object: WORK_ORDERS,
    }),
    await admin.put(`/api/integrations/${id}/mappings`, {
      create: [{ target: 'short_description', value: SHORT_DESCRIPTION }],
      update: [{ target: 'short_description', value: SHORT_DESCRIPTION }],
    }),
    await admin.put(`/api/integrations/${id}/settings`, {
      schedule: { kind: 'interval', everySeconds },
      dateRange: { from: null, to: null },
      timezone: 'Europe/Paris',
      statusMappings: [
        { from: 'open', to: 'Open' },
        { from: 'in_review', to: 'Work in Progress' },
        { from: 'pending', to: 'On Hold' },
        { from: 'closed', to: 'Closed Complete' },
      ],
    }),
    await admin.post(`/api/integrations/${id}/activate`),
  ];
  const refused = steps.find((step) => step.status !== 200);
  if (refused) throw new Error(`the integration "${title}" was refused: ${refused.text}`);
  return id;
}
