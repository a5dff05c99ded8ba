import { expect, signIn, test } from './fixtures.js';
import { choose, NUVOLO, PLANGRID_KEY, plangridProject } from './helpers.js';

test('from the PlanGrid issues → Nuvolo template to a succeeded run', async ({
  page,
  env,
  shot,
  consoleProblems,
}) => {
  await signIn(page);
  // A retry runs against the same app: its names must not meet the first attempt's.
  const retry = test.info().retry;
  const named = (name: string) => (retry > 0 ? `${name} ${retry}` : name);
  const siteA = named('PlanGrid site A');
  const title = named('Issues from the template');

  // The PlanGrid connection is added on the connections page, renamed (its key left blank) and tested.
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await choose(page, 'System', 'PlanGrid');
  await dialog.getByLabel('Connection name').fill(named('PlanGrid (template)'));
  await dialog.getByLabel('Base URL').fill(env.plangridUrl);
  await dialog.getByLabel('API key').fill(PLANGRID_KEY);
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: `Edit ${named('PlanGrid (template)')}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${named('PlanGrid (template)')}` });
  await expect(edit.getByLabel('API key')).toHaveValue('');
  await edit.getByLabel('Connection name').fill(siteA);
  await edit.getByRole('button', { name: 'Save connection' }).click();
  await expect(edit).toBeHidden();
  const row = page.getByRole('row').filter({ hasText: siteA });
  await expect(row).toContainText('API key');
  await row.getByRole('button', { name: `Test connection ${siteA}` }).click();
  await expect(row.getByRole('status')).toContainText('Connected to PlanGrid');
  await shot('01-connections');

  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByRole('menuitem', { name: /From a template/ }).click();

  // The gallery: every template with a picture of its flow.
  const gallery = page.getByRole('list', { name: 'Templates' });
  const card = gallery
    .getByRole('listitem')
    .filter({ hasText: 'PlanGrid issues → Nuvolo facilities work orders' });
  await expect(card.getByRole('img', { name: /The flow of .*: .* → / })).toBeVisible();
  expect(await card.getByTestId('picture-node').count()).toBeGreaterThan(2);
  await shot('02-gallery');
  await card.getByRole('link', { name: /^Use / }).click();

  // The form asks only for the two connections, the project and the settings.
  await page.getByLabel('Title').fill(title);
  await choose(page, 'PlanGrid connection', siteA);
  await page.getByRole('button', { name: 'Test connection PlanGrid' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected to PlanGrid' })).toBeVisible();
  // The projects the PlanGrid account reaches are listed: no uid to copy.
  await choose(page, 'Project', (await plangridProject(env)).name);

  await choose(page, 'Nuvolo connection', 'New connection…');
  const nuvolo = page.getByRole('group', { name: 'New Nuvolo connection' });
  await nuvolo.getByLabel('Connection name').fill(named('Nuvolo (template)'));
  await nuvolo.getByLabel('Base URL').fill(env.nuvoloUrl);
  await nuvolo.getByLabel('User name').fill(NUVOLO.username);
  await nuvolo.getByLabel('Password').fill(NUVOLO.password);
  await nuvolo.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('combobox', { name: 'Nuvolo connection' })).toContainText(
    named('Nuvolo (template)'),
  );
  await shot('03-form');
  await page.getByRole('button', { name: 'Create and review' }).click();

  // Lands in the wizard's review step; activate and run.
  await expect(page.getByRole('heading', { name: `Integration: ${title}` })).toBeVisible();
  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText(/Active: live version 1 runs on schedule/)).toBeVisible();
  await shot('04-review');
  await page.getByRole('button', { name: 'Run now' }).click();

  // Run now opens the run it asked for (activation may also have started a scheduled one).
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Runs' }).first().click();
  // The schedule's first tick may have run before Run now and created the records itself.
  const rows = page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: 'succeeded' });
  await expect(rows.first()).toBeVisible();
  let created = 0;
  // Created: the cell after Pulled and Unchanged.
  for (const row of await rows.all()) created += Number(await row.getByRole('cell').nth(6).textContent());
  expect(created).toBeGreaterThan(0);
  await shot('05-run');

  // A connection in use cannot be deleted, and the page says why.
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: `Delete ${siteA}` }).click();
  const remove = page.getByRole('dialog', { name: `Delete ${siteA}?` });
  await remove.getByRole('button', { name: 'Delete' }).click();
  await expect(remove.getByRole('alert')).toContainText(title);
  await shot('06-in-use');
  await remove.getByRole('button', { name: 'Cancel' }).click();
  // Chromium logs the refused DELETE's 409 itself; that one answer is expected, nothing else is.
  const refused = 'error: Failed to load resource: the server responded with a status of 409 (Conflict)';
  expect(consoleProblems.filter((p) => p === refused)).toHaveLength(1);
  consoleProblems.splice(0, consoleProblems.length, ...consoleProblems.filter((p) => p !== refused));
  expect(consoleProblems).toEqual([]);
});
