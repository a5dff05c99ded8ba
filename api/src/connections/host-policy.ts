import { networkInterfaces } from 'node:os';
import type { TenantId } from '@isync/core';
import { tenantAddressPolicy } from '@isync/executor';
import { isIP } from 'node:net';
import {
  AddressRefusedError,
  checkHost,
  tenantAllowanceProblem,
  type AddressPolicy,
  type HostResolver,
} from '@isync/nodes';
import type { ApiDependencies, ApiSettings } from '../deps.js';
import { ApiError } from '../http/errors.js';

const isLocalName = (host: string) => host === 'localhost' || host.toLowerCase().endsWith('.localhost');

/**
 * Refuses a tenant's allowed private hosts that go past what a tenant admin may allow: ranges wider than
 * a /16 (IPv4) or /48 (IPv6), public addresses, and anything on the floor the operator did not allow.
 */
export function checkTenantAllowances(hosts: readonly string[], settings: ApiSettings): void {
  const platform = platformAddressPolicy(settings);
  for (const [index, entry] of hosts.entries()) {
    const problem = tenantAllowanceProblem(entry, platform);
    if (problem)
      throw new ApiError('host_not_allowed', `${problem}.`, 400, {
        field: `hosts.${index}`,
        entry,
        reason: problem,
      });
  }
}

export type { HostResolver } from '@isync/nodes';

/** What the connectors of an API request get: the platform's rule, to which they add the tenant's exceptions. */
export const connectorAddressing = (deps: Pick<ApiDependencies, 'settings' | 'resolveHost'>) => ({
  addressPolicy: platformAddressPolicy(deps.settings),
  ...(deps.resolveHost && { resolveHost: deps.resolveHost }),
});

const LOOPBACK = ['localhost', '127.0.0.0/8', '::1'];

/** This machine's addresses (its network interfaces): on the outbound floor, a connection never reaches them. */
export function serverAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address.split('%')[0]!);
}

/**
 * The deployment's rule: the floor (loopback, link-local, metadata, 0.0.0.0/8, this server's addresses)
 * minus what the operator allows (`ISYNC_ALLOWED_HOSTS`), and private addresses where
 * `ISYNC_ALLOW_PRIVATE_HOSTS` allows them (see core/src/config.ts). Embedded demo mode adds loopback, where
 * its simulators run. The connectors' HTTP client gets this and adds the tenant's exceptions.
 */
export function platformAddressPolicy(settings: ApiSettings): AddressPolicy {
  const demo = settings.demoLoopbackConnectionHosts ? LOOPBACK : [];
  return {
    allowPrivate: settings.allowPrivateConnectionHosts,
    allowedHosts: demo,
    operatorHosts: [...(settings.operatorAllowedHosts ?? []), ...demo],
    ownAddresses: ownAddresses(),
  };
}

let own: string[] | undefined;
const ownAddresses = () => (own ??= serverAddresses());

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
  const { hostname } = new URL(baseUrl);
  // Where private addresses are allowed only the floor can refuse: a literal address or localhost is
  // checked here, and a name at every connect (it is not resolved now, so saving sends nothing).
  if (policy.allowPrivate && !isIP(hostname.replace(/^\[|\]$/g, '')) && !isLocalName(hostname)) return;
  try {
    await checkHost(hostname, policy, resolve);
  } catch (error) {
    if (error instanceof AddressRefusedError) {
      throw new ApiError(
        'connection_host_refused',
        error.floor
          ? `${error.message}.`
          : `${error.message} (a tenant admin may allow it under PUT /api/connection-hosts).`,
        400,
        { host: hostname, address: error.address, addressKind: error.addressKind, floor: error.floor },
      );
    }
    throw new ApiError('connection_host_unknown', `${hostname} does not resolve; check the base URL.`, 400, {
      host: hostname,
    });
  }
}
