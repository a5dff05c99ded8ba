/*
 * How a connector definition writes its incremental cursor into a request: a pattern of tokens, in UTC.
 *
 *   YYYY MM DD HH mm ss   year, month, day, hour, minute, second (two digits each but the year)
 *   SSS / SSSSSS          milliseconds / microseconds
 *   Z / ZZ                the UTC offset as +00:00 / +0000
 *   [text]                text as it is, e.g. [T] or [Z]
 *
 * Any other character is written as it is. `iso` stands for YYYY-MM-DD[T]HH:mm:ss.SSSSSS[Z] (PlanGrid),
 * `iso-ms` for milliseconds and `iso-seconds` for none: not every API takes microseconds.
 */

export const CURSOR_PRESETS: Readonly<Record<string, string>> = {
  iso: 'YYYY-MM-DD[T]HH:mm:ss.SSSSSS[Z]',
  'iso-ms': 'YYYY-MM-DD[T]HH:mm:ss.SSS[Z]',
  'iso-seconds': 'YYYY-MM-DD[T]HH:mm:ss[Z]',
};

const TOKEN = /\[([^\]]*)\]|YYYY|SSSSSS|SSS|MM|DD|HH|mm|ss|ZZ|Z/g;

/** Why a pattern cannot be used, or null: it must write at least the date. */
export function cursorPatternProblem(format: string): string | null {
  const pattern = CURSOR_PRESETS[format] ?? format;
  const tokens = new Set([...pattern.matchAll(TOKEN)].filter((m) => m[1] === undefined).map((m) => m[0]));
  for (const needed of ['YYYY', 'MM', 'DD'])
    if (!tokens.has(needed))
      return `the cursor format "${format}" has no ${needed}; write a pattern like YYYY-MM-DD HH:mm:ss or use iso`;
  return null;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Writes an instant (microseconds since the epoch) in a pattern or preset. */
export function formatCursor(micros: number, format: string): string {
  const pattern = CURSOR_PRESETS[format] ?? format;
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  const fraction = micros - Math.floor(micros / 1_000_000) * 1_000_000;
  return pattern.replace(TOKEN, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY':
        return pad(date.getUTCFullYear(), 4);
      case 'MM':
        return pad(date.getUTCMonth() + 1);
      case 'DD':
        return pad(date.getUTCDate());
      case 'HH':
        return pad(date.getUTCHours());
      case 'mm':
        return pad(date.getUTCMinutes());
      case 'ss':
        return pad(date.getUTCSeconds());
      case 'SSS':
        return pad(Math.floor(fraction / 1000), 3);
      case 'SSSSSS':
        return pad(fraction, 6);
      case 'Z':
        return '+00:00';
      default:
        return '+0000';
    }
  });
}

/** The smallest step a pattern writes, in microseconds: a microsecond, a millisecond, a second or a day. */
export function cursorUnitMicros(format: string): number {
  const pattern = CURSOR_PRESETS[format] ?? format;
  const tokens = new Set([...pattern.matchAll(TOKEN)].filter((m) => m[1] === undefined).map((m) => m[0]));
  if (tokens.has('SSSSSS')) return 1;
  if (tokens.has('SSS')) return 1000;
  if (tokens.has('ss')) return 1_000_000;
  if (tokens.has('mm')) return 60_000_000;
  if (tokens.has('HH')) return 3_600_000_000;
  return 86_400_000_000;
}
