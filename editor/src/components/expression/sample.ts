import type { FieldDescription } from '../../api/types';

/** A made-up record with a plausible value per described field, when no synced record exists yet. */
export function sampleRecord(fields: readonly FieldDescription[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of fields) {
    const type = field.type.toLowerCase();
    record[field.name] =
      field.choices?.[0]?.value ??
      (type.includes('number') || type.includes('integer')
        ? 1
        : type.includes('bool')
          ? true
          : type.includes('date') || type.includes('time')
            ? '2026-01-15T09:30:00Z'
            : `Sample ${field.label.toLowerCase()}`);
  }
  return record;
}
