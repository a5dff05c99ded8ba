import { Cron } from 'croner';
import type { Schedule } from '@isync/core';

/** A croner job for an integration's schedule (an interval in seconds, or a cron expression), in its timezone. */
export function cronFor(schedule: Schedule, timezone: string, fire: () => void): Cron {
  const options = { timezone, catch: true };
  return schedule.kind === 'interval'
    ? new Cron('* * * * * *', { ...options, interval: schedule.everySeconds }, fire)
    : new Cron(schedule.expression, options, fire);
}
