import { openCredentials, sealCredentials, type Keyring, type Store, type TenantId } from '@isync/core';
import {
  createConnector,
  type Connector,
  type ConnectorFactory,
  type ConnectorInput,
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
            ...(http && { http }),
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
