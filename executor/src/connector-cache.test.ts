import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey, keyring, openSqliteStore, sealCredentials } from '@isync/core';
import type { Connector, ConnectorFactory } from '@isync/nodes';
import { ConnectorCache } from './connector-cache.js';
import { runConnectors } from './connectors.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A factory that counts the connectors it builds and closes, without any network. */
function countingFactory() {
  const counts = { built: 0, closed: 0 };
  const factory: ConnectorFactory = () => {
    counts.built += 1;
    return { close: async () => void (counts.closed += 1) } as unknown as Connector;
  };
  return { counts, factory };
}

async function storeWithConnection() {
  const store = openSqliteStore({ file: ':memory:' });
  cleanups.push(() => store.close());
  const ring = keyring(generateMasterKey());
  const tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
  const other = await store.tenants.create({ name: 'Globex', slug: 'globex' });
  const connectionOf = (tenantId: string) =>
    store.connections.create(tenantId, {
      system: 'nuvolo',
      name: 'Nuvolo',
      baseUrl: 'http://127.0.0.1:9',
      authKind: 'basic',
      secret: sealCredentials(ring, { username: 'admin', password: 'secret' }, tenantId),
    });
  return {
    store,
    ring,
    tenant,
    other,
    connection: await connectionOf(tenant.id),
    theirs: await connectionOf(other.id),
  };
}

describe('connectors kept across runs', () => {
  it('lends one connector to successive runs, rebuilds it when the connection changes, and closes it when idle', async () => {
    let now = 1_000;
    const cache = new ConnectorCache({ idleMs: 60_000, now: () => now });
    cleanups.push(() => cache.close());
    const { store, ring, tenant, other, connection, theirs } = await storeWithConnection();
    const { counts, factory } = countingFactory();
    const run = (tenantId: string) => runConnectors({ store, keyring: ring, tenantId, factory, cache });

    const first = run(tenant.id);
    const a = await first.get(connection.id);
    const second = run(tenant.id);
    expect(await second.get(connection.id)).toBe(a);
    await first.close();
    await second.close();
    const third = run(tenant.id);
    expect(await third.get(connection.id)).toBe(a);
    await third.close();
    expect(counts).toEqual({ built: 1, closed: 0 });

    // Another tenant's connection is its own connector.
    const theirsRun = run(other.id);
    expect(await theirsRun.get(theirs.id)).not.toBe(a);
    await theirsRun.close();
    expect(counts.built).toBe(2);

    // A saved change to the connection (a new secret, base URL…) builds a new one; the old one is closed
    // once no run holds it.
    const holding = run(tenant.id);
    await holding.get(connection.id);
    now += 1;
    await store.connections.update(tenant.id, connection.id, { name: 'Nuvolo (production)' });
    const after = run(tenant.id);
    expect(await after.get(connection.id)).not.toBe(a);
    expect(counts.closed).toBe(0);
    await holding.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(counts.closed).toBe(1);
    await after.close();

    // Idle past the limit: closed by the sweep; the next run builds again.
    now += 61_000;
    await cache.sweep();
    await new Promise((resolve) => setImmediate(resolve));
    expect(counts.closed).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('closes every kept connector with the cache, and builds per run without one', async () => {
    const cache = new ConnectorCache();
    const { store, ring, tenant, connection } = await storeWithConnection();
    const { counts, factory } = countingFactory();
    const lent = runConnectors({ store, keyring: ring, tenantId: tenant.id, factory, cache });
    await lent.get(connection.id);
    await lent.close();
    await cache.close();
    expect(counts).toEqual({ built: 1, closed: 1 });

    const own = runConnectors({ store, keyring: ring, tenantId: tenant.id, factory });
    await own.get(connection.id);
    await own.close();
    expect(counts).toEqual({ built: 2, closed: 2 });
  });
});
