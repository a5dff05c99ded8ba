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
}: RunConnectorsOptions): RunConnectors {
  const built = new Map<string, Promise<Connector>>();
  return {
    get(connectionId) {
      let connector = built.get(connectionId);
      if (!connector) {
        connector = (async () => {
          const connection = await store.connections.get(tenantId, connectionId);
          if (!connection)
            throw new Error(`The connection ${connectionId} no longer exists; choose another in the flow.`);
          const credentials = openCredentials<Record<string, unknown>>(keyring, connection.secret, tenantId);
          const connectionHttp = await withTenantAddressing(store, tenantId, http);
          return factory({
            connection,
            credentials,
            // OAuth servers rotate refresh tokens: the new ones are sealed and kept, or the next run is locked out.
            onCredentialsRefreshed: async (refreshed) => {
              await store.connections.update(tenantId, connectionId, {
                secret: sealCredentials(keyring, refreshed, tenantId),
              });
            },
            ...(logger && { logger }),
            ...(connectionHttp && { http: connectionHttp }),
          });
        })();
        built.set(connectionId, connector);
      }
      return connector;
    },
    async close() {
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
