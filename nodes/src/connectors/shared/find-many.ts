import type { DestinationRef } from '../connector.js';

/** The distinct, non-empty values of a `findMany` call, in their first order. */
export const wantedValues = (values: readonly string[]): string[] => [
  ...new Set(values.filter((value) => value !== '')),
];

/**
 * Answers `findMany` from the rows found (oldest first): each wanted value maps to the first row whose
 * `field` holds it. Systems like ServiceNow compare text without regard to case, so a value no row holds
 * exactly takes the first row holding it in another case.
 */
export function refsByValue(
  rows: readonly Record<string, unknown>[],
  field: string,
  values: readonly string[],
  toRef: (row: Record<string, unknown>) => DestinationRef,
): Map<string, DestinationRef> {
  const exact = new Map<string, Record<string, unknown>>();
  const folded = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const raw = row[field];
    if (raw === undefined || raw === null) continue;
    const value = String(raw);
    if (!exact.has(value)) exact.set(value, row);
    if (!folded.has(value.toLowerCase())) folded.set(value.toLowerCase(), row);
  }
  const found = new Map<string, DestinationRef>();
  for (const value of wantedValues(values)) {
    const row = exact.get(value) ?? folded.get(value.toLowerCase());
    if (row) found.set(value, toRef(row));
  }
  return found;
}

/** Splits values into lists of at most `maxCount` values and `maxLength` characters (joined by one separator). */
export function chunked(values: readonly string[], maxCount: number, maxLength: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const value of values) {
    if (current.length > 0 && (current.length >= maxCount || length + value.length + 1 > maxLength)) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(value);
    length += value.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
