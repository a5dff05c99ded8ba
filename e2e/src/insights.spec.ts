import { expect, signIn, test } from './fixtures.js';
import { apiIntegration } from './helpers.js';

test('insights shows non-empty charts for today', async ({ page, env, shot }) => {
  const { id, api } = await apiIntegration(env, 'Insightful', { activate: true });
  await expect(async () => {
    const runs = await api.call<{ items: unknown[] }>(
      'GET',
      `/api/runs?integrationId=${id}&status=succeeded`,
    );
    expect(runs.items.length).toBeGreaterThan(0);
  }).toPass({ timeout: 60_000 });

  await signIn(page);
  await page.getByRole('link', { name: 'Insights' }).click();
  await expect(page.getByRole('img', { name: 'Records synced per day by outcome' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Runs per day by status' })).toBeVisible();
  await expect(page.getByLabel('Records synced', { exact: true })).not.toHaveText('0');
  await expect(page.getByLabel('Records synced', { exact: true })).toHaveText(/^\d+$/);
  await expect(page.locator('[data-testid="chart"] canvas').first()).toBeVisible();
  await shot('01-insights');
});
