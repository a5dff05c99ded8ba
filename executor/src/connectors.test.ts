import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey, keyring, openCredentials, openSqliteStore, sealCredentials } from '@isync/core';
import { startPlanGrid } from '@isync/simulators';
import { runConnectors } from './connectors.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function oauthTokens(url: string) {
  const redirect = await fetch(`${url}/oauth/authorize?client_id=isync&redirect_uri=http://127.0.0.1/cb`, {
    redirect: 'manual',
  });
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const answer = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1/cb',
      client_id: 'isync',
      client_secret: 'isync-secret',
    }),
  });
  const body = (await answer.json()) as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

describe('run connectors', () => {
  it('keeps the rotated OAuth tokens, sealed, so the next run is not locked out', async () => {
    const plangrid = await startPlanGrid({ records: 20, tokenTtlSeconds: 60, rateLimit: false });
    cleanups.push(() => plangrid.close());
    const store = openSqliteStore({ file: ':memory:' });
    cleanups.push(() => store.close());
    const ring = keyring(generateMasterKey());
    const tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
    const first = await oauthTokens(plangrid.url);
    const project = plangrid.control.projects()[0]!.uid;
    const connection = await store.connections.create(tenant.id, {
      system: 'plangrid',
      name: 'PlanGrid (OAuth)',
      baseUrl: plangrid.url,
      authKind: 'oauth2-authorization-code',
      options: { project },
      secret: sealCredentials(ring, { ...first, clientId: 'isync', clientSecret: 'isync-secret' }, tenant.id),
    });

    plangrid.control.advanceClock(61_000);
    const connectors = runConnectors({ store, keyring: ring, tenantId: tenant.id });
    const connector = await connectors.get(connection.id);
    for await (const page of connector.list({
      object: 'issues',
      project,
      updatedAfter: null,
      pageSize: 50,
    })) {
      expect(page.records.length).toBeGreaterThan(0);
    }
    await connectors.close();

    const stored = await store.connections.get(tenant.id, connection.id);
    const kept = openCredentials<Record<string, string>>(ring, stored!.secret, tenant.id);
    expect(kept.refreshToken).not.toBe(first.refreshToken);
    expect(kept).toMatchObject({ clientId: 'isync', clientSecret: 'isync-secret' });
  });
});
