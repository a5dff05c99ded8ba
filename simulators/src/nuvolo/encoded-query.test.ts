import { describe, expect, it } from 'vitest';
import type { FieldReader } from './encoded-query.js';
import { matchesQuery, parseEncodedQuery, sortRows } from './encoded-query.js';

type Row = Record<string, string>;
const read: FieldReader<Row> = (row, field) => row[field];
const rows: Row[] = [
  {
    number: 'FWO0001001',
    state: '1',
    priority: '2',
    short_description: 'Leaking tap',
    due_date: '2025-01-10 09:00:00',
    assigned_to: 'u1',
  },
  {
    number: 'FWO0001002',
    state: '2',
    priority: '10',
    short_description: 'Broken door closer',
    due_date: '2025-02-01 12:00:00',
    assigned_to: '',
  },
  {
    number: 'FWO0001003',
    state: '7',
    priority: '3',
    short_description: 'Paint touch-up',
    due_date: '',
    assigned_to: 'u2',
  },
];
const numbers = (query: string) =>
  sortRows(
    rows.filter((row) => matchesQuery(parseEncodedQuery(query), row, read)),
    parseEncodedQuery(query).orderBy,
    read,
  ).map((row) => row.number);

describe('encoded queries', () => {
  it('= matches the exact value', () => expect(numbers('state=2')).toEqual(['FWO0001002']));
  it('!= excludes the value', () => expect(numbers('state!=2')).toEqual(['FWO0001001', 'FWO0001003']));
  it('LIKE matches a substring, ignoring case', () =>
    expect(numbers('short_descriptionLIKEdoor')).toEqual(['FWO0001002']));
  it('NOTLIKE excludes a substring', () =>
    expect(numbers('short_descriptionNOTLIKEtap')).toEqual(['FWO0001002', 'FWO0001003']));
  it('STARTSWITH matches a prefix', () =>
    expect(numbers('short_descriptionSTARTSWITHpaint')).toEqual(['FWO0001003']));
  it('ENDSWITH matches a suffix', () =>
    expect(numbers('short_descriptionENDSWITHcloser')).toEqual(['FWO0001002']));
  it('IN matches any listed value', () =>
    expect(numbers('stateIN1,7')).toEqual(['FWO0001001', 'FWO0001003']));
  it('NOT IN excludes the listed values', () => expect(numbers('stateNOT IN1,7')).toEqual(['FWO0001002']));
  it('> compares numbers as numbers', () =>
    expect(numbers('priority>2')).toEqual(['FWO0001002', 'FWO0001003']));
  it('>= includes the bound', () => expect(numbers('priority>=3')).toEqual(['FWO0001002', 'FWO0001003']));
  it('< excludes the bound', () => expect(numbers('priority<3')).toEqual(['FWO0001001']));
  it('<= includes the bound', () => expect(numbers('priority<=3')).toEqual(['FWO0001001', 'FWO0001003']));
  it('ISEMPTY matches empty values', () => expect(numbers('assigned_toISEMPTY')).toEqual(['FWO0001002']));
  it('ISNOTEMPTY matches filled values', () =>
    expect(numbers('assigned_toISNOTEMPTY')).toEqual(['FWO0001001', 'FWO0001003']));
  it('^ combines conditions with AND', () => expect(numbers('priority>1^state=7')).toEqual(['FWO0001003']));
  it('^OR binds tighter than ^', () =>
    expect(numbers('state=1^ORstate=2^priority>5')).toEqual(['FWO0001002']));
  it('^NQ ORs whole queries', () =>
    expect(numbers('state=1^NQpriority=3')).toEqual(['FWO0001001', 'FWO0001003']));
  it('ORDERBY sorts ascending, numbers numerically', () =>
    expect(numbers('ORDERBYpriority')).toEqual(['FWO0001001', 'FWO0001003', 'FWO0001002']));
  it('ORDERBYDESC sorts descending', () =>
    expect(numbers('state!=9^ORDERBYDESCnumber')).toEqual(['FWO0001003', 'FWO0001002', 'FWO0001001']));
  it('dates from gs.dateGenerate compare as glide date-times', () =>
    expect(numbers("due_date>=javascript:gs.dateGenerate('2025-01-15','00:00:00')")).toEqual(['FWO0001002']));
  it('empty values never satisfy a comparison', () =>
    expect(numbers("due_date<javascript:gs.dateGenerate('2030-01-01','end')")).toEqual([
      'FWO0001001',
      'FWO0001002',
    ]));
  it('a condition on an unknown field is ignored', () =>
    expect(numbers('no_such_field=1^state=7')).toEqual(['FWO0001003']));
  it('an escaped caret stays in the value', () =>
    expect(parseEncodedQuery('short_description=a^^b').anyOf[0]?.[0]?.[0]?.value).toBe('a^b'));
  it('parses the structure of a mixed query', () =>
    expect(parseEncodedQuery('a=1^ORb!=2^cLIKEx^ORDERBYDESCd^EQ')).toEqual({
      anyOf: [
        [
          [
            { field: 'a', operator: '=', value: '1' },
            { field: 'b', operator: '!=', value: '2' },
          ],
          [{ field: 'c', operator: 'LIKE', value: 'x' }],
        ],
      ],
      orderBy: [{ field: 'd', descending: true }],
    }));
});
