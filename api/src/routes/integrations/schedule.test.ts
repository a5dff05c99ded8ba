import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiClient, type ApiWorld } from '../../testing/api-world.js';

const settings = (schedule: unknown, timezone = 'UTC') => ({
  schedule,
  dateRange: { from: null, to: null },
  timezone,
  statusMappings: [],
});

describe('schedules are checked by the scheduler’s cron library when saved', () => {
  let world: ApiWorld;
  let editor: ApiClient;
  let id: string;

  beforeEach(async () => {
    world = await apiWorld();
    editor = await world.as(world.acme.users.editor);
    id = (await editor.post('/api/integrations', { title: 'Hourly', description: '' })).json.id;
  });
  afterEach(() => world.close());

  it.each(['*/0 * * * *', 'not a cron at all', '99 99 99 99 99', '0 0 30 2 *'])(
    'refuses the cron "%s" with a 400 naming the field and the reason, and keeps the schedule',
    async (expression) => {
      const before = (await editor.get(`/api/integrations/${id}`)).json.schedule;
      const answer = await editor.put(
        `/api/integrations/${id}/settings`,
        settings({ kind: 'cron', expression }),
      );
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({
        code: 'validation_failed',
        details: { field: 'schedule.expression', reason: expect.any(String) },
      });
      expect(answer.json.error.message).toContain(expression);
      expect((await editor.get(`/api/integrations/${id}`)).json.schedule).toEqual(before);
    },
  );

  it('counts a seconds-field cron’s smallest gap against the tenant’s minimum', async () => {
    const everySecond = await editor.put(
      `/api/integrations/${id}/settings`,
      settings({ kind: 'cron', expression: '* * * * * *' }),
    );
    expect(everySecond).toMatchObject({
      status: 403,
      json: {
        error: { code: 'limit_exceeded', details: { limit: 'minScheduleSeconds', smallestGapSeconds: 1 } },
      },
    });
    // Two fire times a minute apart once an hour are as close as a one-minute schedule: allowed at 60 s.
    const twiceHourly = await editor.put(
      `/api/integrations/${id}/settings`,
      settings({ kind: 'cron', expression: '0,1 * * * *' }, 'Europe/Paris'),
    );
    expect(twiceHourly.status).toBe(200);
    await world.store.tenants.update(world.acme.tenant.id, { limits: { minScheduleSeconds: 120 } });
    const again = await editor.put(
      `/api/integrations/${id}/settings`,
      settings({ kind: 'cron', expression: '0,1 * * * *' }, 'Europe/Paris'),
    );
    expect(again.json.error.details).toMatchObject({ limit: 'minScheduleSeconds', smallestGapSeconds: 60 });
    const sixPart = await editor.put(
      `/api/integrations/${id}/settings`,
      settings({ kind: 'cron', expression: '0 */5 * * * *' }),
    );
    expect(sixPart.status).toBe(200);
    expect(sixPart.json.schedule).toEqual({ kind: 'cron', expression: '0 */5 * * * *' });
  });

  it('previews the next runs in the integration’s time zone, in plain words', async () => {
    const preview = await editor.post('/api/schedules/preview', {
      schedule: { kind: 'cron', expression: '30 7 * * 1-5' },
      timezone: 'Europe/Paris',
      count: 3,
    });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ timezone: 'Europe/Paris', allowed: true, problem: null });
    expect(preview.json.nextRuns).toHaveLength(3);
    for (const run of preview.json.nextRuns) {
      expect(run.local).toMatch(/07:30/);
      expect(run.local).not.toMatch(/Sat|Sun/);
      expect(new Date(run.at).getUTCMinutes()).toBe(30);
    }
    const interval = await editor.post('/api/schedules/preview', {
      schedule: { kind: 'interval', everySeconds: 900 },
    });
    expect(interval.json.summary).toBe('Every 15 minutes');
    const tooOften = await editor.post('/api/schedules/preview', {
      schedule: { kind: 'cron', expression: '*/10 * * * * *' },
    });
    expect(tooOften.json).toMatchObject({ allowed: false, smallestGapSeconds: 10 });
    expect(tooOften.json.problem).toContain('minScheduleSeconds');
    const broken = await editor.post('/api/schedules/preview', {
      schedule: { kind: 'cron', expression: '*/0 * * * *' },
    });
    expect(broken).toMatchObject({
      status: 400,
      json: { error: { details: { field: 'schedule.expression' } } },
    });
  });
});
