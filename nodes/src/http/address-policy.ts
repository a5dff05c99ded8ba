import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

/*
 * Which addresses a tenant's connection may reach. A floor holds whatever the platform or a tenant allows:
 * unspecified (0.0.0.0/8, ::), loopback, link-local, the clouds' metadata addresses and the server's own
 * addresses are never reached unless the platform operator allows them in configuration
 * (`ISYNC_ALLOWED_HOSTS`, `operatorHosts`). Above the floor, private addresses are reached where the
 * platform allows them (embedded mode) or where a tenant admin allowed that host or range.
 * One module for both places that decide: the API when a
 * connection is saved, and the HTTP client when it opens a socket. The second is what counts: a name can
 * resolve to a public address when the connection is saved and to 127.0.0.1 or 169.254.169.254 later
 * (DNS rebinding), so the client checks every address it is about to connect to.
 */

export interface AddressPolicy {
  /** The platform's default: private addresses are reachable (embedded mode). Never the floor. */
  allowPrivate: boolean;
  /** The tenant admin's exceptions: host names, addresses or CIDR ranges (`10.20.0.0/16`) that may be private. */
  allowedHosts?: readonly string[];
  /**
   * The platform operator's exceptions to the floor (`ISYNC_ALLOWED_HOSTS`): hosts or ranges on the floor
   * (loopback, link-local…) that count as private addresses instead of never reachable.
   */
  operatorHosts?: readonly string[];
  /** The server's own addresses (its network interfaces): on the floor. */
  ownAddresses?: readonly string[];
}

/** Kinds of address no connection reaches unless the operator allows them. */
const FLOOR_KINDS = new Set(['unspecified', 'loopback', 'link-local', 'cloud metadata']);

/** Cloud metadata services outside link-local: Alibaba, AWS over IPv6, Azure's wire server. */
const METADATA_ADDRESSES = ['100.100.100.200', 'fd00:ec2::254', '168.63.129.16'];

/** A few addresses of each floor range, in every form that reaches them: to tell whether a range covers some. */
const FLOOR_SAMPLES = [
  '0.0.0.0',
  '127.0.0.1',
  '169.254.169.254',
  ...METADATA_ADDRESSES,
  '::',
  '::1',
  'fe80::1',
  '::ffff:127.0.0.1',
  '::ffff:169.254.169.254',
  '::127.0.0.1',
  '64:ff9b::7f00:1',
  '64:ff9b::a9fe:a9fe',
  '2002:7f00:1::',
  '2002:a9fe:a9fe::',
];

/** The widest range a tenant admin may allow: a /16 (65,536 IPv4 addresses) or an IPv6 /48 (one site). */
export const WIDEST_TENANT_PREFIX = { 4: 16, 6: 48 } as const;

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
    /** On the floor: only the platform operator can allow it, not a tenant admin. */
    readonly floor = false,
  ) {
    super(
      floor
        ? `${host}${host === address ? ' is' : ` resolves to ${address},`} ${anAddress(addressKind)}; iSync never connects there unless the platform operator allows it (ISYNC_ALLOWED_HOSTS)`
        : `${host}${host === address ? ' is' : ` resolves to ${address},`} ${anAddress(addressKind)}; iSync connections may only reach public hosts here unless a tenant admin allows this host`,
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

const OWN = "this server's own address";

/** "a loopback address", "an unspecified address", "this server's own address". */
const anAddress = (kind: string) =>
  kind === OWN ? OWN : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;

/** What kind of non-public address this is (`loopback`, `private`, `link-local`…), or null for a public one. */
export function classifyAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]!);
  if (METADATA_ADDRESSES.some((metadata) => sameAddress(metadata, bare))) return 'cloud metadata';
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

/** Whether two spellings are one address (`::ffff:7f00:1` and `::ffff:127.0.0.1`). */
function sameAddress(a: string, b: string): boolean {
  const x = a.split('%')[0]!.toLowerCase();
  const y = b.split('%')[0]!.toLowerCase();
  return x === y || v6Equal(x, y);
}

/** Whether an address or a range entry (`a.b.c.d/n`) takes in `address`. */
function covers(entry: string, address: string): boolean {
  const [network, prefix] = entry.toLowerCase().split('/') as [string, string | undefined];
  return prefix !== undefined ? inCidr(address, network, Number(prefix)) : sameAddress(network, address);
}

/** The floor kind of an address (unspecified, loopback, link-local, metadata, the server's own), or null. */
function floorOf(
  address: string,
  kind: string | null,
  policy: Pick<AddressPolicy, 'ownAddresses'>,
): string | null {
  if (kind !== null && FLOOR_KINDS.has(kind)) return kind;
  if ((policy.ownAddresses ?? []).some((own) => sameAddress(own, address))) return OWN;
  return null;
}

/**
 * Why a tenant admin may not allow this entry (a host name, an address or a CIDR range), or null when
 * they may: a range wider than a /16 (IPv4) or /48 (IPv6), a public address (it needs no allowance), or
 * anything on the floor the platform operator did not allow.
 */
export function tenantAllowanceProblem(
  entry: string,
  platform: Pick<AddressPolicy, 'operatorHosts' | 'ownAddresses'>,
): string | null {
  if (!isHostAllowance(entry))
    return `${JSON.stringify(entry)} is not a host name, an IP address or a CIDR range such as 10.20.0.0/16`;
  const [network, prefixText] = entry.toLowerCase().split('/') as [string, string | undefined];
  const family = isIP(network) as 0 | 4 | 6;
  if (family === 0) return null;
  const widest = WIDEST_TENANT_PREFIX[family];
  const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
  if (prefix < widest)
    return `${entry} is wider than a /${widest}: allow specific private hosts, or ranges of at most a /${widest}${family === 4 ? ' (65,536 addresses)' : ''}`;
  const operator = platform.operatorHosts ?? [];
  const allowedByOperator = operator.some(
    (allowed) =>
      covers(allowed, network) && (!allowed.includes('/') || Number(allowed.split('/')[1]) <= prefix),
  );
  const floor =
    floorOf(network, classifyAddress(network), platform) ??
    [...FLOOR_SAMPLES, ...(platform.ownAddresses ?? [])]
      .map((sample) => (covers(entry, sample) ? sample : null))
      .find(Boolean) ??
    null;
  if (floor !== null && !allowedByOperator) {
    const kind = floorOf(floor, classifyAddress(floor), platform) ?? floor;
    return `${entry} ${prefixText === undefined ? 'is' : 'takes in'} ${anAddress(kind)}: only the platform operator can allow it (ISYNC_ALLOWED_HOSTS)`;
  }
  if (floor === null && classifyAddress(network) === null)
    return `${entry} is a public address: connections reach public hosts without an allowance`;
  return null;
}

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) reaches, or null. */
function mappedV4(address: string): string | null {
  if (isIP(address) !== 6) return null;
  const b = v6Bytes(address);
  return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff
    ? v4FromBytes(b.slice(12))
    : null;
}

function allowedByTenant(host: string, address: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase();
  // An entry for an IPv4 address or range also takes in that address written as IPv4-mapped IPv6.
  const forms = [address, mappedV4(address)].filter((form): form is string => form !== null);
  return allowed.some((entry) => {
    const [network, prefix] = entry.toLowerCase().split('/') as [string, string | undefined];
    if (prefix !== undefined) return forms.some((form) => inCidr(form, network, Number(prefix)));
    if (isIP(network)) return forms.some((form) => network === form.toLowerCase() || v6Equal(network, form));
    return network === name;
  });
}

/** Whether an address is one of these addresses or inside one of these CIDR ranges (trusted proxies). */
export const inAddressList = (address: string, entries: readonly string[]): boolean =>
  isIP(address.split('%')[0]!) !== 0 && allowedByTenant('', address.split('%')[0]!, entries);

const v6Equal = (a: string, b: string) =>
  isIP(a) === 6 && isIP(b) === 6 && v6Bytes(a).join() === v6Bytes(b).join();

/** Null when the policy lets `host` connect to `address`; else the refusal. */
export function refusalOf(host: string, address: string, policy: AddressPolicy): AddressRefusedError | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const kind = classifyAddress(bare) ?? (isLocalName(host.toLowerCase()) ? 'loopback' : null);
  const floor = floorOf(bare, kind, policy);
  // The floor first: neither the platform's default nor a tenant admin lifts it, only the operator.
  if (floor !== null && !allowedByTenant(host, bare, policy.operatorHosts ?? []))
    return new AddressRefusedError(host, bare, floor, true);
  if (kind === null && floor === null) return null;
  if (policy.allowPrivate) return null;
  if (allowedByTenant(host, bare, policy.allowedHosts ?? [])) return null;
  return new AddressRefusedError(host, bare, kind ?? floor!);
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
    if (refused) throw new AddressRefusedError(bare, bare, 'loopback', refused.floor);
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
