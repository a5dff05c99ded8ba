import { expect, signIn, test } from './fixtures.js';
import { apiIntegration } from './helpers.js';

test('a viewer sees the tenant’s integrations and connections without the actions its role may not take', async ({
  page,
  env,
  shot,
}) => {
  const title = 'Viewed by Val';
  const { api } = await apiIntegration(env, title, { activate: true });
  const viewer = { email: 'val@acme.test', password: 'viewer-password-1' };
  await api.call('POST', '/api/users', { ...viewer, name: 'Val Viewer', role: 'viewer' });

  await signIn(page, viewer);
  const row = page.getByRole('table', { name: 'Integrations' }).getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: `Canvas of ${title}` })).toBeVisible();
  for (const action of [`Pause ${title}`, `Run ${title} now`, `Duplicate ${title}`, `Archive ${title}`])
    await expect(row.getByRole('button', { name: action })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New integration' })).toHaveCount(0);
  await shot('01-integrations');

  // Its flow opens read-only: no wizard, palette, toolbar or dragging.
  await row.getByRole('link', { name: title, exact: true }).click();
  await expect(page).toHaveURL(/\/canvas$/);
  await expect(page.getByText('Read only: your role can view this flow')).toBeVisible();
  await expect(page.getByTestId('node-source')).toBeVisible();
  await expect(page.getByTestId('node-destination')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Palette' })).toHaveCount(0);
  await expect(page.getByRole('toolbar', { name: 'Canvas' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Open the wizard' })).toHaveCount(0);
  await shot('02-canvas');
  // Pages for starting or editing integrations send a viewer where it can read the same thing.
  const canvasUrl = page.url();
  await page.goto(canvasUrl.replace(/\/canvas$/, '/wizard'));
  await expect(page).toHaveURL(canvasUrl);
  for (const start of ['/integrations/new', '/integrations/templates']) {
    await page.goto(start);
    await expect(page).toHaveURL(/\/integrations$/);
  }

  await page.getByRole('link', { name: 'Connections' }).click();
  const connection = page.getByRole('row').filter({ hasText: `PlanGrid for ${title}` });
  await expect(connection).toBeVisible();
  await expect(connection.getByRole('button', { name: /Test/ })).toBeVisible();
  await expect(connection.getByRole('button', { name: `Edit PlanGrid for ${title}` })).toHaveCount(0);
  await expect(connection.getByRole('button', { name: `Delete PlanGrid for ${title}` })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New connection' })).toHaveCount(0);
  await shot('03-connections');

  await page.getByRole('link', { name: 'Exceptions' }).click();
  await expect(page.getByRole('heading', { name: 'Exceptions' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replay selected' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Resolve selected' })).toHaveCount(0);

  // The tenant admin, signed in again, has them all.
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page);
  const own = page.getByRole('table', { name: 'Integrations' }).getByRole('row').filter({ hasText: title });
  await expect(own.getByRole('button', { name: `Pause ${title}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New integration' })).toBeVisible();
});
