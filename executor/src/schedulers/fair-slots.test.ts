import { describe, expect, it } from 'vitest';
import { FairSlots, type SlotRequest } from './fair-slots.js';

/** Asks for slots in order; answers who got one so far and each one's release. */
function asker(slots: FairSlots) {
  const granted: string[] = [];
  const releases = new Map<string, () => void>();
  const ask = (name: string, request: SlotRequest) =>
    void slots.acquire(request).then((release) => {
      granted.push(name);
      releases.set(name, release);
    });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { granted, ask, settle, release: (name: string) => releases.get(name)!() };
}

describe('fair slots', () => {
  it('keeps half the slots from bulk work, so a minute run starts beside a tenant’s first syncs', async () => {
    const slots = new FairSlots(4);
    const { granted, ask, settle } = asker(slots);
    for (const name of ['a-bulk-1', 'a-bulk-2', 'a-bulk-3', 'a-bulk-4'])
      ask(name, { tenantId: 'a', bulk: true });
    await settle();
    expect(granted).toEqual(['a-bulk-1', 'a-bulk-2']);
    ask('b-minute', { tenantId: 'b', bulk: false });
    ask('a-minute', { tenantId: 'a', bulk: false });
    await settle();
    expect(granted).toEqual(['a-bulk-1', 'a-bulk-2', 'b-minute', 'a-minute']);
    expect(slots.waiting).toBe(2);
  });

  it('gives a free slot to the tenant with the fewest runs going, then to the first asked', async () => {
    const slots = new FairSlots(2);
    const { granted, ask, settle, release } = asker(slots);
    ask('a-1', { tenantId: 'a', bulk: false });
    ask('a-2', { tenantId: 'a', bulk: false });
    ask('a-3', { tenantId: 'a', bulk: false });
    ask('a-4', { tenantId: 'a', bulk: false });
    ask('b-1', { tenantId: 'b', bulk: false });
    await settle();
    expect(granted).toEqual(['a-1', 'a-2']);
    release('a-1');
    await settle();
    // Tenant b, with nothing going, goes before a's runs asked earlier.
    expect(granted.at(-1)).toBe('b-1');
    release('a-2');
    await settle();
    expect(granted.at(-1)).toBe('a-3');
    expect(slots.running).toBe(2);
  });

  it('puts incremental runs before bulk ones asked earlier, and a release counts once', async () => {
    const slots = new FairSlots(1);
    const { granted, ask, settle, release } = asker(slots);
    ask('first', { tenantId: 'a', bulk: false });
    ask('bulk', { tenantId: 'b', bulk: true });
    ask('minute', { tenantId: 'c', bulk: false });
    await settle();
    release('first');
    release('first');
    await settle();
    expect(granted).toEqual(['first', 'minute']);
    expect(slots.running).toBe(1);
  });

  it('lets every waiter through when drained (shutdown)', async () => {
    const slots = new FairSlots(1);
    const { granted, ask, settle } = asker(slots);
    ask('a', { tenantId: 'a', bulk: false });
    ask('b', { tenantId: 'b', bulk: true });
    await settle();
    slots.drain();
    await settle();
    expect(granted).toEqual(['a', 'b']);
    expect(slots.waiting).toBe(0);
  });
});
