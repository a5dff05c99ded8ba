import { expect, signIn, test } from './fixtures.js';
import { choose, NUVOLO, PLANGRID_KEY, plangridProject } from './helpers.js';

test('wizard against the simulators, run, trace and record timeline', async ({
  page,
  env,
  shot,
  consoleProblems,
}) => {
  await signIn(page);
  await shot('01-integrations');
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByRole('menuitem', { name: /Start blank/ }).click();

  await page.getByLabel('Title').fill('PlanGrid tasks → Nuvolo work orders');
  await page.getByLabel('Description').fill('Open tasks become facilities work orders');
  await shot('02-details');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 2: the PlanGrid connection, tested.
  await choose(page, 'PlanGrid connection', 'New connection…');
  await page.getByLabel('Base URL').fill(env.plangridUrl);
  await page.getByLabel('API key').fill(PLANGRID_KEY);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected to PlanGrid' })).toBeVisible();
  // The projects the PlanGrid account reaches are listed: no uid to copy.
  await choose(page, 'Project', (await plangridProject(env)).name);
  await expect(page.getByRole('combobox', { name: 'Records to read' })).toContainText('issues');
  await shot('03-source');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 3: the Nuvolo connection, tested.
  await choose(page, 'Nuvolo connection', 'New connection…');
  await page.getByLabel('Base URL').fill(env.nuvoloUrl);
  await page.getByLabel('User name').fill(NUVOLO.username);
  await page.getByLabel('Password').fill(NUVOLO.password);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Connected/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Table to write' })).toContainText(
    'x_nuvo_eam_facilities_work_orders',
  );
  await shot('04-destination');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4: one field for create and one for update.
  for (const table of ['Create (POST)', 'Update (PATCH)']) {
    await page.getByRole('button', { name: `Add a field to ${table}` }).click();
    await choose(page, `${table} row 1 destination field`, /short_description/);
    await choose(page, `${table} row 1 kind`, 'Template');
    await page.getByLabel(`${table} row 1 value`).fill('PG-{{number}}: {{title}}');
  }
  await shot('05-mappings');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 5: every source status gets a destination state.
  await expect(page.getByRole('combobox', { name: 'Status row 1 source status' })).toBeVisible();
  const rows = await page.getByRole('combobox', { name: /Status row \d+ destination state/ }).count();
  expect(rows).toBeGreaterThan(0);
  for (let row = 1; row <= rows; row++) {
    const state = page.getByRole('combobox', { name: `Status row ${row} destination state` });
    // Same-named states are suggested; the others get one picked here.
    if (((await state.textContent()) ?? '').replace(/\u200b/g, '').trim() === '') {
      await choose(page, `Status row ${row} destination state`, /Work in Progress/);
    }
  }
  await expect(page.getByRole('combobox', { name: 'Status row 1 destination state' })).toHaveText(/Open/);
  await shot('06-settings');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Review → Activate → Run now.
  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText(/Active: live version 1 runs on schedule/)).toBeVisible();
  await shot('07-review');
  await page.getByRole('button', { name: 'Run now' }).click();

  // Run now opens the run it asked for, which goes from queued to succeeded on the page.
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Run trace' })).toBeVisible();
  await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 30_000 });
  await shot('08-run');

  // The schedule's first tick (at activation) may have synced everything before Run now: the integration's
  // first run, the oldest in its list, is the one that did the work.
  const records = await page.getByRole('link', { name: 'Records' }).last().getAttribute('href');
  const integrationId = new URL(records!, 'http://x').searchParams.get('integrationId');
  await page.goto(`/runs?integrationId=${integrationId}`);
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByText('succeeded').first()).toBeVisible();
  await runs.getByRole('link').last().click();

  // The trace: counts on every node.
  const counts = page.getByTestId('trace-counts');
  await expect(counts).toHaveCount(4);
  for (const figure of await counts.all()) await expect(figure).toContainText(/in \d+ · out \d+/);
  await expect(counts.first()).not.toContainText('out 0 ');
  await page.getByTestId('node-field-map').click();
  await expect(page.getByLabel('Sample 1 output')).toBeVisible();
  await shot('09-trace');

  // A record's timeline: pulled and pushed, with timestamps.
  await page.getByRole('link', { name: 'Records' }).first().click();
  await page.getByRole('table', { name: 'Records' }).getByRole('link').first().click();
  const events = page.getByTestId('timeline-event');
  await expect(events.filter({ hasText: 'Pulled (new) → initiated' })).toBeVisible();
  await expect(events.filter({ hasText: 'initiated → pushed' })).toBeVisible();
  await expect(events.first().locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await shot('10-timeline');
  expect(consoleProblems).toEqual([]);
});
