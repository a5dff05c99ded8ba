import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

/*
 * Which addresses a tenant's connection may reach. One module for both places that decide: the API when a
 * connection is saved, and the HTTP client when it opens a socket. The second is what counts: a name can
 * resolve to a public address when the connection is saved and to 127.0.0.1 or 169.254.169.254 later
 * (DNS rebinding), so the client checks every address it is about to connect to.
 */

export interface AddressPolicy {
  /** The platform's default: private, loopback and link-local addresses are reachable (embedded mode). */
  allowPrivate: boolean;
  /** The tenant admin's exceptions: host names, addresses or CIDR ranges (`10.20.0.0/16`) that may be private. */
  allowedHosts?: readonly string[];
}

/** The addresses a host name resolves to (every family). */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) =>
  (await dnsLookup(host, { all: true })).map((entry) => entry.address);

/** The code of an AddressRefusedError; the HTTP client's network error names it. */
export const ADDRESS_REFUSED = 'ERR_ISYNC_ADDRESS_REFUSED';

/** A connection to a refused address; `code` lets the HTTP client tell it from a network failure. */
export class AddressRefusedError extends Error {
  readonly code = ADDRESS_REFUSED;
  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressKind: string,
  ) {
    super(
      `${host}${host === address ? ' is' : ` resolves to ${address},`} a ${addressKind} address; iSync connections may only reach public hosts here unless a tenant admin allows this host`,
    );
    this.name = 'AddressRefusedError';
  }
}

type V4Range = readonly [network: number, prefix: number, kind: string];

const V4_RANGES: readonly V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'shared (carrier-grade NAT)'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'benchmarking'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

function v4(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

const inV4Range = (address: number, network: number, prefix: number) =>
  prefix === 0 || Math.floor(address / 2 ** (32 - prefix)) === Math.floor(network / 2 ** (32 - prefix));

/** The 16 bytes of an IPv6 address, `::` and a trailing dotted IPv4 part included. */
function v6Bytes(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const words = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return words.flatMap((word) => {
    const value = parseInt(word, 16);
    return [value >> 8, value & 0xff];
  });
}

const v4FromBytes = (bytes: readonly number[]) => bytes.join('.');

function classifyV6(address: string): string | null {
  const b = v6Bytes(address);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && b[15] === 1) return 'loopback';
  // IPv4 carried inside IPv6 reaches the IPv4 host: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return classifyAddress(v4FromBytes(b.slice(12)));
  if (zeros(0, 12)) return classifyAddress(v4FromBytes(b.slice(12)));
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return classifyAddress(v4FromBytes(b.slice(12)));
  // 6to4 (2002:a.b.c.d::/48) routes to the IPv4 address in bytes 2–5.
  if (b[0] === 0x20 && b[1] === 0x02) return classifyAddress(v4FromBytes(b.slice(2, 6)));
  if ((b[0]! & 0xfe) === 0xfc) return 'unique-local';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'link-local';
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return 'site-local';
  if (b[0] === 0xff) return 'multicast';
  return null;
}

/** What kind of non-public address this is (`loopback`, `private`, `link-local`…), or null for a public one. */
export function classifyAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) {
    if (bare === '255.255.255.255') return 'broadcast';
    const n = v4(bare);
    return V4_RANGES.find(([network, prefix]) => inV4Range(n, network, prefix))?.[2] ?? null;
  }
  if (family === 6) return classifyV6(bare);
  return null;
}

/** Names that mean this machine whatever a resolver says (RFC 6761). */
const isLocalName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** Whether an entry is a valid tenant exception: a host name, an address, or a CIDR range. */
export function isHostAllowance(entry: string): boolean {
  const [network, prefix, extra] = entry.split('/');
  if (extra !== undefined || network === undefined) return false;
  const family = isIP(network);
  if (prefix !== undefined) {
    const bits = Number(prefix);
    return family !== 0 && /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
  }
  return (
    family !== 0 ||
    /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(entry)
  );
}

function inCidr(address: string, network: string, prefix: number): boolean {
  const family = isIP(address);
  if (family !== isIP(network)) return false;
  if (family === 4) return inV4Range(v4(address), v4(network), prefix);
  const a = v6Bytes(address);
  const n = v6Bytes(network);
  for (let bit = 0; bit < prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((a[bit >> 3]! & mask) !== (n[bit >> 3]! & mask)) return false;
  }
  return true;
}

function allowedByTenant(host: string, address: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase();
  return allowed.some((entry) => {
    const [network, prefix] = entry.toLowerCase().split('/') as [string, string | undefined];
    if (prefix !== undefined) return inCidr(address, network, Number(prefix));
    if (isIP(network)) return network === address.toLowerCase() || v6Equal(network, address);
    return network === name;
  });
}

const v6Equal = (a: string, b: string) =>
  isIP(a) === 6 && isIP(b) === 6 && v6Bytes(a).join() === v6Bytes(b).join();

/** Null when the policy lets `host` connect to `address`; else the refusal. */
export function refusalOf(host: string, address: string, policy: AddressPolicy): AddressRefusedError | null {
  if (policy.allowPrivate) return null;
  const bare = address.replace(/^\[|\]$/g, '');
  const kind = classifyAddress(bare) ?? (isLocalName(host.toLowerCase()) ? 'loopback' : null);
  if (kind === null) return null;
  if (allowedByTenant(host, bare, policy.allowedHosts ?? [])) return null;
  return new AddressRefusedError(host, bare, kind);
}

/**
 * The addresses `host` may be reached at under the policy: a literal address is checked as is; a name is
 * resolved and refused when any of its addresses is refused (a resolver answering with a public and a
 * private address is the rebinding attack). Rejects with the resolver's error when the name does not resolve.
 */
export async function checkHost(
  host: string,
  policy: AddressPolicy,
  resolve: HostResolver = systemResolver,
): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    const refused = refusalOf(bare, bare, policy);
    if (refused) throw refused;
    return [bare];
  }
  if (isLocalName(bare.toLowerCase())) {
    const refused = refusalOf(bare, '127.0.0.1', policy);
    if (refused) throw new AddressRefusedError(bare, bare, 'loopback');
  }
  const addresses = await resolve(bare);
  if (addresses.length === 0)
    throw Object.assign(new Error(`${bare} does not resolve`), { code: 'ENOTFOUND' });
  for (const address of addresses) {
    const refused = refusalOf(bare, address, policy);
    if (refused) throw refused;
  }
  return addresses;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `net.connect` lookup that resolves through `resolve` and refuses what the policy refuses, so the
 * address checked is the address connected to. Answers in the form asked for (`all` with autoSelectFamily).
 */
export function guardedLookup(policy: AddressPolicy, resolve: HostResolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    checkHost(hostname, policy, resolve).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const found = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => wanted === 0 || entry.family === wanted);
        if (found.length === 0) {
          callback(
            Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }),
            [],
          );
        } else if (options.all) callback(null, found);
        else callback(null, found[0]!.address, found[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
    );
  };
}
