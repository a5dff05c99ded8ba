/**
 * Timestamps. PlanGrid speaks ISO-8601 with microseconds (`2025-01-06T09:00:00.123456+00:00`),
 * which lets a store keep every change at a distinct instant; ServiceNow speaks
 * `YYYY-MM-DD HH:mm:ss` in UTC.
 */
export function formatIsoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // 2025-01-06T09:00:00.123Z
  return `${iso.slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}+00:00`;
}

const isoPattern = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO-8601 date or date-time to microseconds since the epoch, keeping microsecond precision. */
export function parseIsoMicros(text: string): number | undefined {
  const match = isoPattern.exec(text.trim());
  if (!match) return undefined;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm:ss` (UTC), ServiceNow's glide date-time. */
export function formatGlide(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export const DAY_MS = 86_400_000;
