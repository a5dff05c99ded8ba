/**
 * ServiceNow encoded queries (`sysparm_query`): parsing and evaluation, as pure functions.
 *
 * `a=1^ORb=2^c=3` means (a=1 OR b=2) AND c=3: `^OR` binds tighter than `^`, and `^NQ` starts a
 * new query ORed with the previous ones. `^ORDERBY<field>` / `^ORDERBYDESC<field>` sort.
 */
export const OPERATORS = [
  'ISNOTEMPTY',
  'ISEMPTY',
  'STARTSWITH',
  'ENDSWITH',
  'NOT IN',
  'NOTLIKE',
  'LIKE',
  'IN',
  '!=',
  '>=',
  '<=',
  '=',
  '>',
  '<',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Condition {
  field: string;
  operator: Operator;
  value: string;
}

export interface OrderBy {
  field: string;
  descending: boolean;
}

export interface EncodedQuery {
  /** OR of queries (`^NQ`); each an AND of groups; each group an OR of conditions. */
  anyOf: Condition[][][];
  orderBy: OrderBy[];
}

// Field names are lower-case (dot-walks allowed); operators are upper-case or symbols, so the
// first character that cannot belong to a field name starts the operator.
const termPattern = new RegExp(
  `^([a-z0-9_.]+)(${OPERATORS.map((op) => op.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(.*)$`,
  's',
);
const dateGenerate = /^javascript:\s*gs\.dateGenerate\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)$/;

/** Resolves the value forms ServiceNow accepts beyond literals (date generators). */
function literal(value: string): string {
  const date = dateGenerate.exec(value.trim());
  if (!date) return value;
  const [, day = '', time = ''] = date;
  const clock = time === 'start' ? '00:00:00' : time === 'end' ? '23:59:59' : time;
  return `${day} ${clock}`;
}

function parseCondition(term: string): Condition | undefined {
  const match = termPattern.exec(term);
  if (!match) return undefined;
  const [, field = '', operator, value = ''] = match;
  return { field, operator: operator as Operator, value: literal(value) };
}

export function parseEncodedQuery(text: string | undefined): EncodedQuery {
  const query: EncodedQuery = { anyOf: [], orderBy: [] };
  if (!text) return query;
  // `^^` is an escaped caret inside a value.
  const escaped = text.replaceAll('^^', '\u0000');
  for (const segment of escaped.split('^NQ')) {
    const groups: Condition[][] = [];
    for (const rawTerm of segment.split('^')) {
      const term = rawTerm.replaceAll('\u0000', '^');
      if (term === '' || term === 'EQ') continue;
      if (term.startsWith('ORDERBYDESC')) {
        query.orderBy.push({ field: term.slice('ORDERBYDESC'.length), descending: true });
      } else if (term.startsWith('ORDERBY')) {
        query.orderBy.push({ field: term.slice('ORDERBY'.length), descending: false });
      } else if (term.startsWith('OR') && groups.length > 0) {
        const condition = parseCondition(term.slice(2));
        if (condition) groups[groups.length - 1]?.push(condition);
      } else {
        const condition = parseCondition(term);
        if (condition) groups.push([condition]);
      }
    }
    if (groups.length > 0) query.anyOf.push(groups);
  }
  return query;
}

const numeric = /^-?\d+(\.\d+)?$/;

/** Numbers compare as numbers; everything else (including glide date-times) as text. */
export function compareValues(a: string, b: string): number {
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A field's value, or undefined when the table has no such field (the condition is then ignored). */
export type FieldReader<Row> = (row: Row, field: string) => string | undefined;

export function testCondition(actual: string, { operator, value }: Condition): boolean {
  const lower = () => actual.toLowerCase();
  switch (operator) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case 'LIKE':
      return lower().includes(value.toLowerCase());
    case 'NOTLIKE':
      return !lower().includes(value.toLowerCase());
    case 'STARTSWITH':
      return lower().startsWith(value.toLowerCase());
    case 'ENDSWITH':
      return lower().endsWith(value.toLowerCase());
    case 'IN':
      return value.split(',').includes(actual);
    case 'NOT IN':
      return !value.split(',').includes(actual);
    case 'ISEMPTY':
      return actual === '';
    case 'ISNOTEMPTY':
      return actual !== '';
    // An empty value never compares, as NULL does not in SQL.
    case '>':
      return actual !== '' && compareValues(actual, value) > 0;
    case '>=':
      return actual !== '' && compareValues(actual, value) >= 0;
    case '<':
      return actual !== '' && compareValues(actual, value) < 0;
    case '<=':
      return actual !== '' && compareValues(actual, value) <= 0;
  }
}

export function matchesQuery<Row>(query: EncodedQuery, row: Row, read: FieldReader<Row>): boolean {
  if (query.anyOf.length === 0) return true;
  return query.anyOf.some((groups) =>
    groups.every((alternatives) => {
      let known = false;
      for (const condition of alternatives) {
        const actual = read(row, condition.field);
        if (actual === undefined) continue;
        known = true;
        if (testCondition(actual, condition)) return true;
      }
      return !known;
    }),
  );
}

/** A stable sort by the query's ORDERBY fields; unknown fields are ignored. */
export function sortRows<Row>(rows: Row[], orderBy: OrderBy[], read: FieldReader<Row>): Row[] {
  if (orderBy.length === 0) return rows;
  return rows.sort((a, b) => {
    for (const { field, descending } of orderBy) {
      const left = read(a, field);
      const right = read(b, field);
      if (left === undefined || right === undefined) continue;
      const order = compareValues(left, right);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}
