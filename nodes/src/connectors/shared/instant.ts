/*
 * Source timestamps as microseconds since the epoch: PlanGrid answers ISO-8601 with microseconds,
 * ServiceNow `YYYY-MM-DD HH:mm:ss` in UTC; both must compare exactly, which a JS Date cannot do.
 */

const pattern =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses ISO-8601 (any precision, with or without a zone) or `YYYY-MM-DD HH:mm:ss` (UTC). */
export function parseInstant(text: string): number | undefined {
  const match = pattern.exec(text.trim());
  if (!match) return undefined;
  const [, date, time = '00:00', seconds = '00', fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${date}T${time}:${seconds}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

export function instantOf(value: unknown): number | undefined {
  return typeof value === 'string' ? parseInstant(value) : undefined;
}

export type InstantFormat = 'iso' | 'YYYY-MM-DD HH:mm:ss';

/** ISO-8601 keeps microseconds (`2025-01-06T09:00:00.123456Z`); ServiceNow's form drops below seconds. */
export function formatInstant(micros: number, format: InstantFormat): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  if (format !== 'iso') return iso.slice(0, 19).replace('T', ' ');
  return `${iso.slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

export const SECOND_MICROS = 1_000_000;
