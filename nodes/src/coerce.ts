import type { FieldDescription } from '@isync/core';

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value !== 'string') return null;
  // A ServiceNow or zone-less timestamp is UTC.
  const normalised = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? value.replace(' ', 'T') + 'Z'
    : value;
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats with the tokens ServiceNow and friends use: YYYY MM DD HH mm ss. */
function formatDate(date: Date, format: string): string {
  return format
    .replace('YYYY', String(date.getUTCFullYear()))
    .replace('MM', pad(date.getUTCMonth() + 1))
    .replace('DD', pad(date.getUTCDate()))
    .replace('HH', pad(date.getUTCHours()))
    .replace('mm', pad(date.getUTCMinutes()))
    .replace('ss', pad(date.getUTCSeconds()));
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off', '']);

/**
 * Turns a mapped value into what the destination field takes. Empty values stay null; a value that cannot
 * be read as the field's type is an error naming both.
 */
export function coerce(value: unknown, field: Pick<FieldDescription, 'name' | 'type' | 'format'>): Coerced {
  if (value === undefined || value === null) return { ok: true, value: null };
  const fail = (what: string): Coerced => ({
    ok: false,
    message: `${field.name} needs ${what}, got ${JSON.stringify(value)?.slice(0, 80)}`,
  });
  switch (field.type) {
    case 'datetime':
    case 'date': {
      if (value === '') return { ok: true, value: null };
      const date = toDate(value);
      if (!date) return fail(field.type === 'date' ? 'a date' : 'a date and time');
      const format = field.format ?? (field.type === 'date' ? 'YYYY-MM-DD' : undefined);
      return { ok: true, value: format ? formatDate(date, format) : date.toISOString() };
    }
    case 'number': {
      const number =
        typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
      return Number.isFinite(number) && value !== '' ? { ok: true, value: number } : fail('a number');
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const text = String(value).trim().toLowerCase();
      if (TRUE.has(text)) return { ok: true, value: true };
      if (FALSE.has(text)) return { ok: true, value: false };
      return fail('true or false');
    }
    case 'reference': {
      if (typeof value === 'object' && !Array.isArray(value)) {
        const ref = value as Record<string, unknown>;
        const id = ref.value ?? ref.sys_id ?? ref.id;
        return typeof id === 'string' ? { ok: true, value: id } : fail('a reference id');
      }
      return typeof value === 'string' || typeof value === 'number'
        ? { ok: true, value: String(value) }
        : fail('a reference id');
    }
    case 'object':
    case 'array':
      return { ok: true, value };
    case 'string':
    case 'choice':
      return { ok: true, value: typeof value === 'object' ? JSON.stringify(value) : String(value) };
  }
}
