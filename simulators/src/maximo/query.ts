/*
 * The query language of Maximo's JSON API as IBM documents it: `oslc.where` (attr="text", attr>=number or
 * "date", attr in ["a","b"], joined by `and`; a text with % at either end matches by LIKE), `oslc.select`
 * (* or attr,attr,child{attr,attr}) and `oslc.orderBy` (+attr,-attr; an unencoded + arrives as a space).
 */

export type Row = Record<string, unknown>;

export class QueryError extends Error {}

type Literal = string | number;
interface Condition {
  attr: string;
  op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in';
  values: Literal[];
}

const ATTR = /^[A-Za-z_][\w.]*/;

/** Parses an oslc.where clause; throws `QueryError` saying where it stops making sense. */
export function parseWhere(clause: string): Condition[] {
  const conditions: Condition[] = [];
  let rest = clause.trim();
  const fail = (what: string): never => {
    throw new QueryError(`the oslc.where clause "${clause}" is not valid: ${what} at "${rest.slice(0, 30)}"`);
  };
  const literal = (): Literal => {
    rest = rest.trimStart();
    if (rest.startsWith('"')) {
      let i = 1;
      let out = '';
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === '\\' && i + 1 < rest.length) i++;
        out += rest[i];
      }
      if (i >= rest.length) fail('an unclosed "');
      rest = rest.slice(i + 1);
      return out;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (!number) return fail('a value (a "quoted text" or a number) is expected');
    rest = rest.slice(number[0].length);
    return Number(number[0]);
  };
  while (rest !== '') {
    const attr = ATTR.exec(rest)?.[0];
    if (!attr) fail('an attribute name is expected');
    rest = rest.slice(attr!.length).trimStart();
    if (/^in\s*\[/i.test(rest)) {
      rest = rest.replace(/^in\s*\[/i, '');
      const values: Literal[] = [];
      for (;;) {
        values.push(literal());
        rest = rest.trimStart();
        if (rest.startsWith(',')) rest = rest.slice(1);
        else if (rest.startsWith(']')) {
          rest = rest.slice(1);
          break;
        } else fail('"," or "]" is expected');
      }
      conditions.push({ attr: attr!.toLowerCase(), op: 'in', values });
    } else {
      const op = /^(>=|<=|!=|=|>|<)/.exec(rest)?.[0] as Condition['op'] | undefined;
      if (!op) fail('an operator (=, !=, >, >=, <, <=, in) is expected');
      rest = rest.slice(op!.length);
      conditions.push({ attr: attr!.toLowerCase(), op: op!, values: [literal()] });
    }
    rest = rest.trimStart();
    if (rest === '') break;
    if (!/^and\s/i.test(rest)) fail('"and" is expected between conditions');
    rest = rest.replace(/^and\s+/i, '');
  }
  return conditions;
}

const DATE = /^\d{4}-\d{2}-\d{2}T/;

function compare(a: unknown, b: Literal): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = String(a ?? '');
  if (DATE.test(left) && typeof b === 'string' && DATE.test(b)) return Date.parse(left) - Date.parse(b);
  return left.localeCompare(String(b));
}

function equals(value: unknown, literal: Literal): boolean {
  if (
    typeof literal === 'string' &&
    literal.length > 1 &&
    (literal.startsWith('%') || literal.endsWith('%'))
  ) {
    const text = String(value ?? '').toLowerCase();
    const inner = literal.replace(/^%|%$/g, '').toLowerCase();
    if (literal.startsWith('%') && literal.endsWith('%')) return text.includes(inner);
    return literal.startsWith('%') ? text.endsWith(inner) : text.startsWith(inner);
  }
  return compare(value, literal) === 0;
}

export function matches(row: Row, conditions: readonly Condition[]): boolean {
  return conditions.every(({ attr, op, values }) => {
    const value = row[attr];
    const first = values[0]!;
    switch (op) {
      case '=':
        return equals(value, first);
      case '!=':
        return !equals(value, first);
      case 'in':
        return values.some((v) => equals(value, v));
      case '>':
        return value !== undefined && value !== null && compare(value, first) > 0;
      case '>=':
        return value !== undefined && value !== null && compare(value, first) >= 0;
      case '<':
        return value !== undefined && value !== null && compare(value, first) < 0;
      case '<=':
        return value !== undefined && value !== null && compare(value, first) <= 0;
    }
  });
}

/** Parses `+changedate,-wonum` into a comparator; a leading space is a + that was not URL-encoded. */
export function orderBy(clause: string | undefined): ((a: Row, b: Row) => number) | undefined {
  if (!clause) return undefined;
  const keys = clause.split(',').map((part) => {
    const trimmed = part.replace(/^ /, '+').trim();
    const sign = trimmed[0];
    if (sign !== '+' && sign !== '-')
      throw new QueryError(
        `oslc.orderBy "${clause}": prefix each attribute with + or - (and URL-encode the +)`,
      );
    return { attr: trimmed.slice(1).toLowerCase(), descending: sign === '-' };
  });
  return (a, b) => {
    for (const { attr, descending } of keys) {
      const left = a[attr];
      const order = left === undefined || left === null ? -1 : compare(left, (b[attr] ?? '') as Literal);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}

/** The attributes an oslc.select (or properties header) asks for; null for all. */
export interface Selection {
  all: boolean;
  attrs: Map<string, Selection | null>;
}

export function parseSelect(clause: string | undefined): Selection {
  if (clause === undefined || clause.trim() === '' || clause.trim() === '*')
    return { all: true, attrs: new Map() };
  const attrs = new Map<string, Selection | null>();
  let depth = 0;
  let current = '';
  const parts: string[] = [];
  for (const char of clause) {
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    if (part === '*') return { all: true, attrs: new Map() };
    const nested = /^([\w.]+)\{(.*)\}$/.exec(part);
    if (nested) attrs.set(nested[1]!.toLowerCase(), parseSelect(nested[2]));
    else attrs.set(part.toLowerCase(), null);
  }
  return { all: false, attrs };
}

/** The row with only the selected attributes (href and _rowstamp always stay, as in lean JSON). */
export function project(row: Row, selection: Selection): Row {
  if (selection.all) return { ...row };
  const out: Row = {};
  for (const key of ['href', '_rowstamp']) if (row[key] !== undefined) out[key] = row[key];
  for (const [attr, child] of selection.attrs) {
    const value = row[attr];
    if (value === undefined || value === null) continue;
    out[attr] =
      child && Array.isArray(value)
        ? value.map((item) =>
            typeof item === 'object' && item !== null ? project(item as Row, child) : item,
          )
        : value;
  }
  return out;
}
