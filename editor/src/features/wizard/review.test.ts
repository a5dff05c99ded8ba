import { describe, expect, it } from 'vitest';
import { everyText } from './ReviewStep';

describe('the schedule as the Review step says it', () => {
  it('names an interval in its largest whole unit', () => {
    expect(everyText(86_400)).toBe('day');
    expect(everyText(2 * 86_400)).toBe('2 days');
    expect(everyText(6 * 3_600)).toBe('6 hours');
    expect(everyText(15 * 60)).toBe('15 minutes');
    expect(everyText(90)).toBe('90 seconds');
  });
});
