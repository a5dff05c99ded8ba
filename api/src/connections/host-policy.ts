import type { TenantId } from '@isync/core';
import { tenantAddressPolicy } from '@isync/executor';
import { AddressRefusedError, checkHost, type AddressPolicy, type HostResolver } from '@isync/nodes';
import type { ApiDependencies, ApiSettings } from '../deps.js';
import { ApiError } from '../http/errors.js';

export type { HostResolver } from '@isync/nodes';

/** What the connectors of an API request get: the platform's rule, to which they add the tenant's exceptions. */
export const connectorAddressing = (deps: Pick<ApiDependencies, 'settings' | 'resolveHost'>) => ({
  addressPolicy: platformAddressPolicy(deps.settings),
  ...(deps.resolveHost && { resolveHost: deps.resolveHost }),
});

/**
 * The deployment's rule (`ISYNC_ALLOW_PRIVATE_HOSTS`, see core/src/config.ts); embedded demo mode adds
 * loopback, where its simulators run. The connectors' HTTP client gets this and adds the tenant's exceptions.
 */
export function platformAddressPolicy(settings: ApiSettings): AddressPolicy {
  return {
    allowPrivate: settings.allowPrivateConnectionHosts,
    allowedHosts: settings.demoLoopbackConnectionHosts ? ['localhost', '127.0.0.0/8', '::1'] : [],
  };
}

/** The platform's rule with the tenant admin's exceptions. */
export const connectionAddressPolicy = (
  deps: Pick<ApiDependencies, 'settings' | 'store'>,
  tenantId: TenantId,
) => tenantAddressPolicy(deps.store, tenantId, platformAddressPolicy(deps.settings));

/**
 * Refuses, when a connection is saved, a base URL the policy refuses: a private, loopback or link-local
 * address written literally or behind a name that resolves to one. The HTTP client checks again at every
 * connect (a name may resolve elsewhere later); this check only tells the user early.
 */
export async function checkConnectionUrl(
  baseUrl: string,
  policy: AddressPolicy,
  resolve?: HostResolver,
): Promise<void> {
  if (policy.allowPrivate) return;
  const { hostname } = new URL(baseUrl);
  try {
    await checkHost(hostname, policy, resolve);
  } catch (error) {
    if (error instanceof AddressRefusedError) {
      throw new ApiError(
        'connection_host_refused',
        `${error.message} (a tenant admin may allow it under PUT /api/connection-hosts).`,
        400,
        { host: hostname, address: error.address, addressKind: error.addressKind },
      );
    }
    throw new ApiError('connection_host_unknown', `${hostname} does not resolve; check the base URL.`, 400, {
      host: hostname,
    });
  }
}
