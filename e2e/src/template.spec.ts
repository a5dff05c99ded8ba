import { expect, signIn, test } from './fixtures.js';
import { choose, NUVOLO, PLANGRID_KEY, plangridProject } from './helpers.js';

test('from the PlanGrid issues → Nuvolo template to a succeeded run', async ({
  page,
  env,
  shot,
  consoleProblems,
}) => {
  await signIn(page);
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByRole('menuitem', { name: /From a template/ }).click();

  // The gallery: every template with a picture of its flow.
  const gallery = page.getByRole('list', { name: 'Templates' });
  const card = gallery
    .getByRole('listitem')
    .filter({ hasText: 'PlanGrid issues → Nuvolo facilities work orders' });
  await expect(card.getByRole('img', { name: /The flow of .*: .* → / })).toBeVisible();
  expect(await card.getByTestId('picture-node').count()).toBeGreaterThan(2);
  await shot('01-gallery');
  await card.getByRole('link', { name: /^Use / }).click();

  // The form asks only for the two connections, the project and the settings.
  await page.getByLabel('Title').fill('Issues from the template');
  await choose(page, 'PlanGrid connection', 'New connection…');
  const plangrid = page.getByRole('group', { name: 'New PlanGrid connection' });
  await plangrid.getByLabel('Connection name').fill('PlanGrid (template)');
  await plangrid.getByLabel('Base URL').fill(env.plangridUrl);
  await plangrid.getByLabel('API key').fill(PLANGRID_KEY);
  await plangrid.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('combobox', { name: 'PlanGrid connection' })).toContainText(
    'PlanGrid (template)',
  );
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected to PlanGrid' })).toBeVisible();
  await page.getByLabel('Project').fill(await plangridProject(env));

  await choose(page, 'Nuvolo connection', 'New connection…');
  const nuvolo = page.getByRole('group', { name: 'New Nuvolo connection' });
  await nuvolo.getByLabel('Connection name').fill('Nuvolo (template)');
  await nuvolo.getByLabel('Base URL').fill(env.nuvoloUrl);
  await nuvolo.getByLabel('User name').fill(NUVOLO.username);
  await nuvolo.getByLabel('Password').fill(NUVOLO.password);
  await nuvolo.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('combobox', { name: 'Nuvolo connection' })).toContainText('Nuvolo (template)');
  await shot('02-form');
  await page.getByRole('button', { name: 'Create and review' }).click();

  // Lands in the wizard's review step; activate and run.
  await expect(page.getByRole('heading', { name: 'Integration: Issues from the template' })).toBeVisible();
  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText(/Active: plan version 1/)).toBeVisible();
  await shot('03-review');
  await page.getByRole('button', { name: 'Run now' }).click();

  await expect(page).toHaveURL(/\/runs\?integrationId=/);
  // The run started by Run now (activation may also have started a scheduled one).
  const run = page
    .getByRole('table', { name: 'Runs' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'manual', exact: true }) });
  await expect(run.getByText('succeeded')).toBeVisible({ timeout: 30_000 });
  const created = Number(await run.getByRole('cell').nth(5).textContent());
  expect(created).toBeGreaterThan(0);
  await shot('04-run');
  expect(consoleProblems).toEqual([]);
});
