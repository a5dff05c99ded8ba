import { describe, expect, it } from 'vitest';
import type { DestinationRef } from '../connectors/connector.js';
import { decideMatches } from './match.js';

const order = (id: string): DestinationRef => ({ id, number: `WO-${id}`, fields: {} });

describe('decideMatches: what each create does with its "match existing records by" key', () => {
  it('links a found record, creates a key nobody has, and refuses a second record with either', () => {
    const found = new Map([['open', order('1')]]);
    const decisions = decideMatches(
      [
        { sourceId: 'a', value: 'open' },
        { sourceId: 'b', value: 'closed' },
        { sourceId: 'c', value: 'open' },
        { sourceId: 'd', value: 'closed' },
      ],
      found,
      'description',
    );
    expect(decisions.map((d) => d.kind)).toEqual(['link', 'create', 'refuse', 'refuse']);
    expect(decisions[2]).toMatchObject({
      message: expect.stringContaining('WO-1 has description "open", and so has source record a'),
    });
    expect(decisions[3]).toMatchObject({
      message: expect.stringContaining('Source record b has description "closed" too'),
    });
  });

  it('refuses two keys that found the same destination record', () => {
    const shared = order('7');
    const decisions = decideMatches(
      [
        { sourceId: 'a', value: 'PG-1' },
        { sourceId: 'b', value: 'pg-1' },
      ],
      new Map([
        ['PG-1', shared],
        ['pg-1', shared],
      ]),
      'number',
    );
    expect(decisions).toEqual([
      { kind: 'link', ref: shared },
      { kind: 'refuse', message: expect.stringContaining('so has source record a, which is linked to it') },
    ]);
  });

  it('remembers the keys taken across calls, and lets a record meet its own key again', () => {
    const taken = new Map<string, string>();
    expect(decideMatches([{ sourceId: 'a', value: 'k' }], new Map(), 'f', taken)).toEqual([
      { kind: 'create' },
    ]);
    // The next batch looked the key up before a's create landed: nothing found, still refused.
    expect(decideMatches([{ sourceId: 'b', value: 'k' }], new Map(), 'f', taken)[0]!.kind).toBe('refuse');
    expect(decideMatches([{ sourceId: 'a', value: 'k' }], new Map(), 'f', taken)).toEqual([
      { kind: 'create' },
    ]);
    // A refused record takes nothing.
    expect([...taken]).toEqual([['k', 'a']]);
  });
});
