import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiSession } from './api-client.js';
import { freePort, startProcess, stop, waitForUrl } from './processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN = { email: 'admin@isync.test', password: 'platform-admin-password' };
export const TENANT_ADMIN = { email: 'ana@acme.test', password: 'acme-admin-password' };

/** Starts the real API process (built editor, temp data dir) and both simulators on free loopback ports. */
export default async function globalSetup() {
  const [appPort, plangridPort, nuvoloPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'isync-e2e-'));
  const simulators = startProcess(ROOT, 'simulators/src/main.ts', {
    PLANGRID_PORT: String(plangridPort),
    NUVOLO_PORT: String(nuvoloPort),
    PLANGRID_RECORDS: '30',
    NUVOLO_RECORDS: '0',
  });
  const app = startProcess(ROOT, 'api/src/main.ts', {
    PORT: String(appPort),
    HOST: '127.0.0.1',
    ISYNC_DATA_DIR: dataDir,
    ISYNC_ADMIN_EMAIL: ADMIN.email,
    ISYNC_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    // The simulators listen on loopback, which connections may reach only where the operator allows it.
    ISYNC_ALLOWED_HOSTS: '127.0.0.1',
  });
  const baseUrl = `http://127.0.0.1:${appPort}`;
  const plangridUrl = `http://127.0.0.1:${plangridPort}`;
  const nuvoloUrl = `http://127.0.0.1:${nuvoloPort}`;
  await Promise.all([
    waitForUrl(`${baseUrl}/healthz`),
    waitForUrl(`${plangridUrl}/__sim/faults`),
    waitForUrl(`${nuvoloUrl}/__sim/faults`),
  ]);

  // A customer tenant with its tenant admin, invited by the platform admin as a user would be.
  const admin = await ApiSession.signIn(baseUrl, ADMIN.email, ADMIN.password);
  const created = await admin.call<{ invitation: { inviteUrl: string } }>('POST', '/api/tenants', {
    name: 'Acme Facilities',
    slug: 'acme',
    limits: {},
    admin: { email: TENANT_ADMIN.email, name: 'Ana Admin' },
  });
  const token = new URL(created.invitation.inviteUrl, baseUrl).searchParams.get('token');
  await admin.call('POST', '/api/auth/accept-invite', { token, password: TENANT_ADMIN.password });

  Object.assign(process.env, {
    E2E_BASE_URL: baseUrl,
    E2E_PLANGRID_URL: plangridUrl,
    E2E_NUVOLO_URL: nuvoloUrl,
    // The app's SQLite store, for tests that seed history no UI makes quickly (hundreds of past runs).
    E2E_DATA_DIR: dataDir,
  });
  return async () => {
    await Promise.all([stop(app), stop(simulators)]);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
