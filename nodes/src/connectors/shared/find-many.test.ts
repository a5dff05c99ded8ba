import { describe, expect, it } from 'vitest';
import { chunked, refsByValue, wantedValues } from './find-many.js';

const ref = (row: Record<string, unknown>) => ({ id: String(row.id), number: null, fields: row });
const ids = (found: Map<string, { id: string }>) =>
  Object.fromEntries([...found].map(([value, found]) => [value, found.id]));

describe('findMany helpers', () => {
  it('answers each wanted value with the first row holding it, and ignores rows holding none', () => {
    const rows = [
      { id: 'old', number: 'PG-1' },
      { id: 'stray', number: 'PG-99' },
      { id: 'new', number: 'PG-1' },
      { id: 'lower', number: 'pg-2' },
      { id: 'none' },
    ];
    expect(ids(refsByValue(rows, 'number', ['PG-1', 'PG-2', 'PG-3'], ref))).toEqual({
      'PG-1': 'old',
      'PG-2': 'lower',
    });
  });

  it('prefers the row holding the value exactly over one holding it in another case', () => {
    const rows = [
      { id: 'folded', number: 'pg-1' },
      { id: 'exact', number: 'PG-1' },
    ];
    expect(ids(refsByValue(rows, 'number', ['PG-1'], ref))).toEqual({ 'PG-1': 'exact' });
  });

  it('looks up each non-empty value once, and splits lists by count and by length', () => {
    expect(wantedValues(['a', '', 'b', 'a'])).toEqual(['a', 'b']);
    expect(chunked(['a', 'b', 'c', 'd', 'e'], 2, 100)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(chunked(['aaaa', 'bbbb', 'cccc'], 10, 10)).toEqual([['aaaa', 'bbbb'], ['cccc']]);
    expect(chunked(['a-value-longer-than-the-limit'], 10, 5)).toEqual([['a-value-longer-than-the-limit']]);
    expect(chunked([], 10, 10)).toEqual([]);
  });
});
