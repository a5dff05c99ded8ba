import { randomBytes } from 'node:crypto';
import { runConnectors } from '@isync/executor';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiWorld, PASSWORD, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { activeIntegration, WORK_ORDERS } from '../testing/queue-deployment.js';
import { NUVOLO_PASSWORD, PLANGRID_KEY } from '../testing/simulator-connections.js';
import { startLeakyNuvolo, type LeakyCredentials } from './secrets-leaky-nuvolo.js';

/*
 * Secrets: a scenario with canary credentials — passwords, an OAuth client secret and tokens, an API
 * token, a session cookie, an embed token and the master key — through connections (create, test with
 * good and bad credentials, describe), a sync with successes and failures against a destination that
 * echoes the Authorization header and the request body in its errors, exceptions, traces, insights, audit,
 * metrics, embed and error paths. Every response (body and headers), log line, trace, exception, audit
 * entry, /metrics text and thrown error is scanned for every canary, also base64- and URL-encoded.
 */

const canary = (name: string) => `canary-${name}-${randomBytes(9).toString('base64url')}`;
const LEAKY: LeakyCredentials = {
  username: 'isync-integration',
  password: canary('password'),
  clientId: 'isync-client',
  clientSecret: canary('client-secret'),
  accessToken: canary('access-token'),
  refreshToken: canary('refresh-token'),
};
const WRONG_PASSWORD = canary('wrong-password');

/** The forms a secret takes on the way out: as is, base64 (alone and in Basic user:password), URL-encoded. */
function formsOf(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
  ];
  return [...new Set(forms)];
}

interface Output {
  where: string;
  text: string;
}

describe('secrets never leave iSync', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let leaky: Awaited<ReturnType<typeof startLeakyNuvolo>>;
  let admin: ApiClient;
  const outputs: Output[] = [];
  const secrets = new Map<string, string>();
  const capture = (where: string, value: unknown) =>
    outputs.push({ where, text: typeof value === 'string' ? value : JSON.stringify(value) });

  beforeAll(async () => {
    world = await apiWorld();
    plangrid = await startPlanGrid({ records: 12, rateLimit: false });
    nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    leaky = await startLeakyNuvolo(nuvolo, LEAKY);
    admin = await world.as(world.acme.users['tenant-admin']);
    for (const [name, value] of Object.entries({
      'user password': PASSWORD,
      'PlanGrid API key': PLANGRID_KEY,
      'Nuvolo password': NUVOLO_PASSWORD,
      'leaky password': LEAKY.password,
      'leaky basic credentials': Buffer.from(`${LEAKY.username}:${LEAKY.password}`).toString('base64'),
      'OAuth client secret': LEAKY.clientSecret,
      'OAuth access token': LEAKY.accessToken,
      'OAuth refresh token': LEAKY.refreshToken,
      'wrong password': WRONG_PASSWORD,
      'master key': world.deps.keyring.current.key.toString('base64'),
    }))
      secrets.set(name, value);
  });

  afterAll(async () => {
    await world.close();
    await Promise.all([leaky.close(), plangrid.close(), nuvolo.close()]);
  });

  const connection = async (
    name: string,
    authKind: string,
    credentials: Record<string, string>,
    baseUrl = leaky.url,
  ) => {
    const created = await admin.post('/api/connections', {
      system: 'nuvolo',
      name,
      baseUrl,
      authKind,
      credentials,
    });
    expect(created.status, created.text).toBe(201);
    return created.json.id as string;
  };

  it('scans every output of a whole scenario for every canary', async () => {
    const basic = await connection('Leaky basic', 'basic', {
      username: LEAKY.username,
      password: LEAKY.password,
    });
    const oauth = await connection('Leaky OAuth', 'oauth2-password', {
      clientId: LEAKY.clientId,
      clientSecret: LEAKY.clientSecret,
      username: LEAKY.username,
      password: LEAKY.password,
    });
    const wrong = await connection('Leaky, wrong password', 'basic', {
      username: LEAKY.username,
      password: WRONG_PASSWORD,
    });
    const refusedOAuth = await connection('Leaky OAuth, wrong secret', 'oauth2-password', {
      clientId: LEAKY.clientId,
      clientSecret: WRONG_PASSWORD,
      username: LEAKY.username,
      password: LEAKY.password,
    });
    for (const id of [basic, oauth, wrong, refusedOAuth]) {
      await admin.post(`/api/connections/${id}/test`);
      await admin.get(`/api/connections/${id}/describe`);
      await admin.get(`/api/connections/${id}`);
    }
    await admin.patch(`/api/connections/${wrong}`, {
      credentials: { username: LEAKY.username, password: WRONG_PASSWORD, extra: WRONG_PASSWORD },
    });
    await admin.patch(`/api/connections/${wrong}`, {
      authKind: 'bearer',
      credentials: { password: WRONG_PASSWORD },
    });
    await admin.post('/api/connections', {
      system: 'nuvolo',
      name: 'x',
      baseUrl: `http://u:${WRONG_PASSWORD}@`,
      authKind: 'basic',
      credentials: {},
    });
    await world
      .anonymous()
      .post('/api/auth/login', { email: world.acme.users.editor.email, password: WRONG_PASSWORD });

    // Thrown errors and exception details, straight from the connectors the runs use.
    const connectors = runConnectors({
      store: world.store,
      keyring: world.deps.keyring,
      tenantId: world.acme.tenant.id,
    });
    for (const id of [basic, oauth, wrong, refusedOAuth]) {
      const connector = await connectors.get(id);
      for (const call of [
        () => connector.create(WORK_ORDERS, { short_description: 'one' }),
        () => connector.create(WORK_ORDERS, { short_description: 'two' }),
        () => connector.describe(),
      ]) {
        try {
          capture(`connector ${id} answer`, await call());
        } catch (error) {
          capture(`connector ${id} error`, {
            message: String(error),
            ...(error as object),
            stack: (error as Error).stack,
          });
        }
      }
    }
    await connectors.close();

    // A sync with successes and failures: every other create is refused with the credentials echoed.
    for (const [title, destination] of [
      ['Basic sync', basic],
      ['OAuth sync', oauth],
    ] as const) {
      const id = await activeIntegration(admin, {
        title,
        plangrid,
        destinationConnectionId: destination,
        everySeconds: 3600,
      });
      const deadline = Date.now() + 20_000;
      for (;;) {
        const runs = (await admin.get(`/api/runs?integrationId=${id}`)).json.items as {
          id: string;
          status: string;
        }[];
        if (runs.length > 0 && runs.every((run) => run.status !== 'running')) {
          for (const run of runs) await admin.get(`/api/runs/${run.id}`);
          break;
        }
        if (Date.now() > deadline) throw new Error(`the ${title} run did not finish`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.get(`/api/integrations/${id}`);
      await admin.get(`/api/exceptions?integrationId=${id}`);
    }
    const exceptions = (await admin.get('/api/exceptions')).json.items as unknown[];
    expect(exceptions.length, 'the echoing destination failed some pushes').toBeGreaterThan(0);
    const to = new Date();
    const from = new Date(to.getTime() - 89 * 86_400_000);
    await admin.get(`/api/insights?from=${from.toISOString()}&to=${to.toISOString()}`);
    await admin.get('/api/records');
    await admin.get('/api/audit');
    await admin.get('/api/connections');
    capture('metrics', await (await world.app.request('/metrics')).text());

    // Tokens: each is handed over once, where it is issued; nowhere else.
    const issued = await admin.post('/api/auth/tokens', { name: 'automation' });
    secrets.set('API token', issued.json.token);
    await world.withToken(issued.json.token).get('/api/connections');
    await world.withToken(`${issued.json.token}x`).get('/api/connections');
    const integrationId = ((await admin.get('/api/integrations')).json.items as { id: string }[])[0]!.id;
    const embed = await admin.post('/api/embed-tokens', { integrationIds: [integrationId], views: ['runs'] });
    secrets.set('embed token', embed.json.token);
    await world.anonymous().get(`/embed/runs?token=${encodeURIComponent(embed.json.token)}`);
    await world.anonymous().get(`/embed/runs?token=${encodeURIComponent(embed.json.token)}tampered`);
    const login = await world.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: world.acme.users.viewer.email, password: PASSWORD }),
    });
    const session = login.headers.get('set-cookie')!.split(';')[0]!;
    secrets.set('session cookie', session.slice(session.indexOf('=') + 1));
    await world.app.request('/api/auth/me', { headers: { cookie: session } });
    await world.app.request('/api/connections', {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json' },
      body: '{}',
    });

    const handedOver = new Set([issued.text, embed.text]);
    const scanned: Output[] = [
      ...outputs,
      ...world.transcript.responses
        .filter((text) => !handedOver.has(text))
        .map((text) => ({ where: 'response', text })),
      ...world.transcript.logLines.map((text) => ({ where: 'log', text })),
      ...(await world.store.audit.list(world.acme.tenant.id, {}, { limit: 500 })).items.map((entry) => ({
        where: 'audit',
        text: JSON.stringify(entry),
      })),
    ];
    const leaks: string[] = [];
    for (const output of scanned)
      for (const [name, secret] of secrets)
        if (formsOf(secret).some((form) => output.text.includes(form)))
          leaks.push(`${name} in ${output.where}: ${output.text.slice(0, 300)}`);
    console.log(`reliability: secrets: ${scanned.length} outputs scanned, ${leaks.length} leaked`);
    expect(leaks).toEqual([]);
  });
});
