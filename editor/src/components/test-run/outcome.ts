import type { TestRunOutcome, TestRunRecord } from '../../api/test-run';

type Color = 'success' | 'info' | 'secondary' | 'warning' | 'error';

export const OUTCOMES: Record<TestRunOutcome['kind'], { label: string; color: Color }> = {
  create: { label: 'create', color: 'success' },
  update: { label: 'update', color: 'info' },
  link: { label: 'link', color: 'secondary' },
  skip: { label: 'skip', color: 'warning' },
  fail: { label: 'fail', color: 'error' },
};

const TITLE_FIELDS = ['title', 'name', 'short_description', 'description', 'number'];

/** The source record's title as a person would name it (the first text field among the usual ones). */
export function titleOf(record: TestRunRecord): string {
  for (const field of TITLE_FIELDS) {
    const value = record.source[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return '';
}

/** A field's value as shown in a cell: text as is, nothing as an em dash, anything else as JSON. */
export const shown = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** "12 create · 3 update · 5 skip" over the records. */
export function tally(records: TestRunRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.outcome.kind, (counts.get(record.outcome.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(' · ');
}
