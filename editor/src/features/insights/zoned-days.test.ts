import { describe, expect, it } from 'vitest';
import { stackedByDay } from './charts';
import { daysBetween, nextDay, startOfDay, todayIn } from './zoned-days';

describe('days of a time zone', () => {
  it('starts a local day at its local midnight, across a DST change', () => {
    expect(startOfDay('2026-03-02', 'UTC')).toBe('2026-03-02T00:00:00.000Z');
    expect(startOfDay('2026-03-02', 'Asia/Tokyo')).toBe('2026-03-01T15:00:00.000Z');
    expect(startOfDay('2026-03-02', 'America/New_York')).toBe('2026-03-02T05:00:00.000Z');
    // New York moves to summer time on 8 March 2026: the 9th starts at 04:00 UTC.
    expect(startOfDay('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDay('2026-03-02', 'Asia/Kolkata')).toBe('2026-03-01T18:30:00.000Z');
  });

  it('lists every day of a range and tells today in a zone', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    const instant = Date.parse('2026-03-01T20:00:00.000Z');
    expect(todayIn('UTC', instant)).toBe('2026-03-01');
    expect(todayIn('Asia/Tokyo', instant)).toBe('2026-03-02');
  });

  it('draws a day without activity as a zero bar in its place', () => {
    const chart = stackedByDay(
      [
        { day: '2026-03-01', counts: { created: 2 } },
        { day: '2026-03-03', counts: { created: 1 } },
      ],
      ['2026-03-01', '2026-03-02', '2026-03-03'],
    ) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(chart.xAxis.data).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(chart.series).toMatchObject([{ name: 'created', data: [2, 0, 1] }]);
  });
});
