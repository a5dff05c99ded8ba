import { expect, signIn, test } from './fixtures.js';
import { apiIntegration, choose } from './helpers.js';

const faults = (url: string, method: string, body?: unknown) =>
  fetch(`${url}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

test('a Nuvolo fault becomes an exception with its HTTP status; Replay pushes the record', async ({
  page,
  env,
  shot,
}) => {
  const { id, api } = await apiIntegration(env, 'Faulty Nuvolo');
  expect((await faults(env.nuvoloUrl, 'POST', { path: '*', method: 'POST', fault: '500' })).ok).toBe(true);
  await api.call('POST', `/api/integrations/${id}/activate`);
  // Run now rather than wait for the schedule (its first tick may be spread within the period).
  await api.call('POST', `/api/integrations/${id}/run`);

  await signIn(page);
  await page.getByRole('link', { name: 'Exceptions' }).click();
  await choose(page, 'Integration', 'Faulty Nuvolo');
  const table = page.getByRole('table', { name: 'Exceptions' });
  await expect(table.getByRole('row').nth(1)).toContainText('500', { timeout: 60_000 });
  await shot('01-exceptions');
  // The whole row opens the detail (here its cause cell).
  await table.getByRole('row').nth(1).getByRole('cell').nth(1).click();
  const drawer = page.getByRole('region', { name: 'Exception detail' });
  await expect(drawer.getByTestId('http-status')).toHaveText('500');
  await shot('02-detail');

  expect((await faults(env.nuvoloUrl, 'DELETE')).ok).toBe(true);
  await drawer.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByText(/queued for replay/)).toBeVisible();
  await expect(page.getByText(/Replay finished: [1-9]\d* pushed, 0 failed/)).toBeVisible({ timeout: 60_000 });
  await drawer.getByRole('link', { name: 'The record and its timeline' }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('timeline-event').filter({ hasText: '→ pushed' })).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 60_000 });
  await shot('03-pushed');
});
