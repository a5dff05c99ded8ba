import { describe, expect, it } from 'vitest';
import {
  AddressRefusedError,
  checkHost,
  classifyAddress,
  guardedLookup,
  isHostAllowance,
  refusalOf,
  tenantAllowanceProblem,
} from './address-policy.js';

const ADDRESSES: ReadonlyArray<[address: string, kind: string | null]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', null],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'link-local'],
  ['100.64.0.1', 'shared (carrier-grade NAT)'],
  ['100.128.0.1', null],
  ['192.0.0.8', 'reserved'],
  ['198.18.0.1', 'benchmarking'],
  ['224.0.0.251', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['8.8.8.8', null],
  ['203.0.113.7', null],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:8.8.8.8', null],
  ['::10.0.0.1', 'private'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::8.8.8.8', null],
  ['2002:7f00:1::', 'loopback'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['2001:4860:4860::8888', null],
  ['2606:4700::1111', null],
];

const resolver =
  (table: Record<string, string[]>) =>
  async (host: string): Promise<string[]> => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };

const production = { allowPrivate: false };

describe('address policy', () => {
  it.each(ADDRESSES)('classifies %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses every non-public address in production and allows those above the floor where the platform does', () => {
    for (const [address, kind] of ADDRESSES) {
      expect(refusalOf(address, address, production) !== null, address).toBe(kind !== null);
      const onFloor = ['unspecified', 'loopback', 'link-local'].includes(kind ?? '');
      expect(refusalOf(address, address, { allowPrivate: true }) !== null, address).toBe(onFloor);
    }
  });

  it('keeps the floor whatever the platform or a tenant allows: only the operator lifts it', () => {
    const everything = {
      allowPrivate: true,
      allowedHosts: ['0.0.0.0/0', '::/0', 'localhost', 'metadata.internal'],
    };
    for (const address of [
      '127.0.0.1',
      '0.0.0.0',
      '0.1.2.3',
      '169.254.169.254',
      '100.100.100.200',
      '168.63.129.16',
      'fd00:ec2::254',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      'fe80::1',
    ]) {
      const refused = refusalOf('metadata.internal', address, everything);
      expect(refused, address).toBeInstanceOf(AddressRefusedError);
      expect(refused!.floor, address).toBe(true);
      expect(refused!.message, address).toContain(
        'unless the platform operator allows it (ISYNC_ALLOWED_HOSTS)',
      );
    }
    expect(refusalOf('localhost', '127.0.0.1', everything)?.addressKind).toBe('loopback');
    // The server's own addresses, public or private, are on the floor too.
    const own = { allowPrivate: true, ownAddresses: ['10.9.8.7', '203.0.113.99'] };
    expect(refusalOf('me.example', '10.9.8.7', own)?.message).toContain("this server's own address");
    expect(refusalOf('me.example', '203.0.113.99', own)?.floor).toBe(true);
    expect(refusalOf('other.example', '10.9.8.6', own)).toBeNull();
    // The operator's allowance makes a floor address a private one: reachable where private ones are.
    const operator = { allowPrivate: false, operatorHosts: ['127.0.0.0/8', 'localhost'] };
    expect(refusalOf('sim', '127.0.0.1', operator)?.floor).toBe(false);
    expect(refusalOf('sim', '127.0.0.1', { ...operator, allowedHosts: ['sim'] })).toBeNull();
    expect(refusalOf('sim', '127.0.0.1', { ...operator, allowPrivate: true })).toBeNull();
    expect(refusalOf('sim', '169.254.169.254', { ...operator, allowPrivate: true })?.floor).toBe(true);
  });

  it('lets a tenant admin allow only specific private hosts and ranges, inside what the operator permits', () => {
    const platform = { operatorHosts: ['127.0.0.1'], ownAddresses: ['10.9.8.7'] };
    for (const entry of [
      'erp.corp.example',
      '10.20.0.0/16',
      '10.20.30.40',
      '192.168.1.0/24',
      'fd00:1:2::/48',
      '127.0.0.1',
    ])
      expect(tenantAllowanceProblem(entry, platform), entry).toBeNull();
    const problems: Record<string, RegExp> = {
      '0.0.0.0/0': /wider than a \/16/,
      '::/0': /wider than a \/48/,
      '10.0.0.0/8': /wider than a \/16/,
      'fd00::/8': /wider than a \/48/,
      '127.0.0.0/16': /loopback address: only the platform operator/,
      '127.0.0.2': /loopback/,
      '169.254.169.254': /link-local/,
      '169.254.0.0/16': /link-local/,
      '100.100.0.0/16': /cloud metadata/,
      '0.0.0.0': /unspecified/,
      '::1': /loopback/,
      '::ffff:0:0/96': /an unspecified address/,
      '64:ff9b::/96': /only the platform operator/,
      'fe80::/64': /link-local/,
      '10.9.0.0/16': /this server's own address/,
      '8.8.8.8': /public address/,
      'http://erp': /not a host name/,
    };
    for (const [entry, problem] of Object.entries(problems))
      expect(tenantAllowanceProblem(entry, platform), entry).toMatch(problem);
  });

  it("lets a tenant admin's host names, addresses and CIDR ranges through, and nothing else", () => {
    const policy = { allowPrivate: false, allowedHosts: ['erp.corp.example', '10.20.0.0/16', 'fd00::7'] };
    expect(refusalOf('erp.corp.example', '10.9.9.9', policy)).toBeNull();
    expect(refusalOf('ERP.corp.example', '10.9.9.9', policy)).toBeNull();
    expect(refusalOf('other.corp.example', '10.20.3.4', policy)).toBeNull();
    expect(refusalOf('other.corp.example', '10.21.3.4', policy)).toBeInstanceOf(AddressRefusedError);
    expect(refusalOf('v6.corp.example', 'fd00:0::7', policy)).toBeNull();
    expect(refusalOf('v6.corp.example', 'fd00::8', policy)).toBeInstanceOf(AddressRefusedError);
    expect(refusalOf('metadata', '169.254.169.254', policy)).toBeInstanceOf(AddressRefusedError);
  });

  it('accepts host names, addresses and CIDR ranges as tenant exceptions, and refuses anything else', () => {
    for (const entry of ['erp.corp.example', 'nas', '10.0.0.0/8', '192.168.1.10', 'fd00::/8', '::1'])
      expect(isHostAllowance(entry), entry).toBe(true);
    for (const entry of [
      '',
      'http://erp',
      '10.0.0.0/33',
      'fd00::/129',
      '10.0.0.0/8/1',
      'a b',
      '-x.example',
      'x/8',
    ])
      expect(isHostAllowance(entry), entry).toBe(false);
  });

  it('refuses a name when any address it resolves to is refused (rebinding), and localhost whatever DNS says', async () => {
    const resolve = resolver({
      'rebind.example': ['203.0.113.7', '10.1.2.3'],
      'public.example': ['203.0.113.10'],
      localhost: ['203.0.113.11'],
    });
    await expect(checkHost('rebind.example', production, resolve)).rejects.toThrow(/resolves to 10\.1\.2\.3/);
    await expect(checkHost('localhost', production, resolve)).rejects.toBeInstanceOf(AddressRefusedError);
    await expect(checkHost('public.example', production, resolve)).resolves.toEqual(['203.0.113.10']);
    await expect(checkHost('[::1]', production, resolve)).rejects.toBeInstanceOf(AddressRefusedError);
    await expect(checkHost('nowhere.example', production, resolve)).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('answers a socket lookup in the form it asks for, with only checked addresses', async () => {
    const lookup = guardedLookup(
      production,
      resolver({ 'dual.example': ['203.0.113.7', '2606:4700::1111'] }),
    );
    const ask = (options: { family?: number; all?: boolean }) =>
      new Promise<unknown[]>((resolve) =>
        lookup('dual.example', options, (...answer) => resolve(answer.slice(0, options.all ? 2 : 3))),
      );
    expect(await ask({ all: true })).toEqual([
      null,
      [
        { address: '203.0.113.7', family: 4 },
        { address: '2606:4700::1111', family: 6 },
      ],
    ]);
    expect(await ask({ family: 6 })).toEqual([null, '2606:4700::1111', 6]);
    const refusedLookup = guardedLookup(production, resolver({ 'dual.example': ['127.0.0.1'] }));
    const [error] = await new Promise<unknown[]>((resolve) =>
      refusedLookup('dual.example', {}, (...answer) => resolve(answer)),
    );
    expect(error).toMatchObject({ code: 'ERR_ISYNC_ADDRESS_REFUSED', address: '127.0.0.1' });
  });
});
