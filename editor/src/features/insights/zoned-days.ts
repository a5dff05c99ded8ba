/*
 * Days of a time zone: the insights page asks for whole local days and shows every day of the range, empty
 * ones as zero bars, so a quiet day is seen rather than skipped.
 */

/** The viewer's own time zone (the browser's). */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** How far `zone` is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local day (`YYYY-MM-DD`) starts in `zone`, as an ISO timestamp. */
export function startOfDay(day: string, zone: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
  // Twice: the offset at the guess may differ from the offset at local midnight (a DST change that day).
  let instant = midnightUtc - offsetMs(midnightUtc, zone);
  instant = midnightUtc - offsetMs(instant, zone);
  return new Date(instant).toISOString();
}

/** The day after a `YYYY-MM-DD` day. */
export const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

/** Every day from `first` to `last`, both included (empty when `last` is before `first`). */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 400; day = nextDay(day)) days.push(day);
  return days;
}

/** Today in `zone`, as `YYYY-MM-DD`. */
export const todayIn = (zone: string, now = Date.now()): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
