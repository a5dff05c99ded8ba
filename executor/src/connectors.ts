import { openCredentials, sealCredentials, type Keyring, type Store, type TenantId } from '@isync/core';
import {
  createConnector,
  type Connector,
  type ConnectorFactory,
  type ConnectorInput,
  type AddressPolicy,
  type ConnectorProvider,
  type HttpLogger,
} from '@isync/nodes';
import type { ConnectorCache } from './connector-cache.js';

export interface RunConnectors extends ConnectorProvider {
  close(): Promise<void>;
}

export interface RunConnectorsOptions {
  store: Store;
  keyring: Keyring;
  tenantId: TenantId;
  logger?: HttpLogger;
  factory?: ConnectorFactory;
  http?: ConnectorInput['http'];
  /**
   * Keeps connectors across runs (a process serving many runs has one): the run borrows them and gives them
   * back at its end. Their request logs then go to `connectionLogger`, not to the run that built them.
   */
  cache?: ConnectorCache;
  connectionLogger?: HttpLogger;
}

/**
 * The connectors one run uses: each connection is loaded (tenant-scoped), its secret opened and its
 * connector built once, then closed with the run. Secrets are sealed with the tenant id as context.
 */
export function runConnectors({
  store,
  keyring,
  tenantId,
  logger,
  factory = createConnector,
  http,
  cache,
  connectionLogger,
}: RunConnectorsOptions): RunConnectors {
  const built = new Map<string, Promise<Connector>>();
  const releases: (() => void)[] = [];
  const build = async (connectionId: string): Promise<Connector> => {
    const connection = await store.connections.get(tenantId, connectionId);
    if (!connection)
      throw new Error(`The connection ${connectionId} no longer exists; choose another in the flow.`);
    const connectionHttp = await withTenantAddressing(store, tenantId, http);
    const make = () => {
      const credentials = openCredentials<Record<string, unknown>>(keyring, connection.secret, tenantId);
      const shared = cache ? connectionLogger : logger;
      return factory({
        connection,
        credentials,
        // OAuth servers rotate refresh tokens: the new ones are sealed and kept, or the next run is locked out.
        onCredentialsRefreshed: async (refreshed) => {
          await store.connections.update(tenantId, connectionId, {
            secret: sealCredentials(keyring, refreshed, tenantId),
          });
        },
        ...(shared && { logger: shared }),
        ...(connectionHttp && { http: connectionHttp }),
      });
    };
    if (!cache) return make();
    // Rebuilt when the connection as saved or the tenant's outbound rule changes.
    const fingerprint = `${connection.updatedAt}|${JSON.stringify(connectionHttp?.addressPolicy?.allowedHosts ?? [])}`;
    const { connector, release } = await cache.acquire(`${tenantId}/${connectionId}`, fingerprint, async () =>
      make(),
    );
    releases.push(release);
    return connector;
  };
  return {
    get(connectionId) {
      let connector = built.get(connectionId);
      if (!connector) {
        connector = build(connectionId);
        built.set(connectionId, connector);
      }
      return connector;
    },
    async close() {
      if (cache) {
        for (const release of releases.splice(0)) release();
        return;
      }
      const connectors = await Promise.allSettled(built.values());
      await Promise.all(connectors.map((c) => (c.status === 'fulfilled' ? c.value.close() : undefined)));
    },
  };
}

/** The platform's address policy plus the hosts the tenant's admin allows (`limits.allowedPrivateHosts`). */
export async function tenantAddressPolicy(
  store: Store,
  tenantId: TenantId,
  platform: AddressPolicy,
): Promise<AddressPolicy> {
  if (platform.allowPrivate) return platform;
  const allowed = (await store.tenants.get(tenantId))?.limits.allowedPrivateHosts ?? [];
  return { ...platform, allowedHosts: [...(platform.allowedHosts ?? []), ...allowed] };
}

async function withTenantAddressing(
  store: Store,
  tenantId: TenantId,
  http: ConnectorInput['http'],
): Promise<ConnectorInput['http']> {
  if (!http?.addressPolicy) return http;
  return { ...http, addressPolicy: await tenantAddressPolicy(store, tenantId, http.addressPolicy) };
}
