import { describe, expect, it } from 'vitest';
import { assertSchedulable, nextFireTimes, ScheduleProblem, smallestGapSeconds } from './cron.js';

const cron = (expression: string) => ({ kind: 'cron' as const, expression });
const from = new Date('2026-12-07T06:00:00.000Z');

describe('schedules as the scheduler reads them (croner)', () => {
  it.each([
    ['* * * * * *', 1],
    ['*/10 * * * * *', 10],
    ['* * * * *', 60],
    ['0,1 * * * *', 60],
    ['0 23,0 * * *', 3600],
    ['0 */5 * * * *', 300],
    ['30 7 * * 1-5', 86_400],
    ['@hourly', 3600],
    ['*/7 */11 29 2 *', 420],
  ])('the closest fire times of "%s" are %i s apart', (expression, gap) => {
    expect(smallestGapSeconds(cron(expression), 'Europe/Paris', from)).toBe(gap);
  });

  it('an interval is its own gap', () => {
    expect(smallestGapSeconds({ kind: 'interval', everySeconds: 90 }, 'UTC', from)).toBe(90);
  });

  it.each([
    ['*/0 * * * *', /illegal stepping/],
    ['not a cron at all', /not a cron/],
    ['99 99 99 99 99', /not a cron/],
    ['0 0 30 2 *', /never fires/],
  ])('refuses "%s", naming the field', (expression, reason) => {
    const problem = (() => {
      try {
        assertSchedulable(cron(expression), 'UTC');
      } catch (error) {
        return error;
      }
    })();
    expect(problem).toBeInstanceOf(ScheduleProblem);
    expect(problem).toMatchObject({ field: 'schedule.expression', reason: expect.stringMatching(reason) });
  });

  it('refuses an unknown time zone, and fires in the one it is given', () => {
    expect(() => assertSchedulable(cron('0 7 * * *'), 'Mars/Olympus')).toThrow(/timezone/);
    const [next] = nextFireTimes(cron('0 7 * * *'), 'Asia/Kolkata', from, 1);
    expect(next!.toISOString()).toBe('2026-12-08T01:30:00.000Z');
  });
});
