import { expect, signIn, test } from './fixtures.js';
import { ADMIN } from './global-setup.js';

test('admin console: tenants with usage, a new tenant with its invitation, switching tenant, private hosts', async ({
  page,
  shot,
}) => {
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Admin' }).click();
  const tenants = page.getByRole('table', { name: 'Tenants' });
  await expect(tenants.getByRole('row').filter({ hasText: 'Acme Facilities' })).toBeVisible();
  await shot('01-tenants');

  await page.getByRole('button', { name: 'New tenant' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Name the tenant')).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill('Globex Properties');
  await dialog.getByLabel('Slug').fill('globex');
  await dialog.getByLabel("First admin's email (optional)").fill('gina@globex.test');
  await dialog.getByLabel("First admin's name").fill('Gina');
  await shot('02-new-tenant');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/Send this invitation link/)).toContainText('/accept-invite?token=');
  await expect(tenants.getByRole('row').filter({ hasText: 'Globex Properties' })).toBeVisible();

  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('combobox', { name: 'Act for tenant' }).click();
  await page.getByRole('option', { name: 'Acme Facilities' }).click();
  await expect(page.getByRole('button', { name: /User menu: .*Acme Facilities/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await shot('03-acting-for-acme');

  // Acme's connections may reach its on-premises ERP: a private host the tenant admin allows.
  const hosts = page.getByRole('region', { name: 'Private hosts' });
  const field = hosts.getByLabel('Allowed private hosts (one per line)');
  await field.fill('http://erp');
  await hosts.getByRole('button', { name: 'Save hosts' }).click();
  await expect(hosts.getByRole('alert')).toContainText('http://erp');
  await field.fill('erp.acme.internal\n10.20.0.0/16');
  await hosts.getByRole('button', { name: 'Save hosts' }).click();
  await expect(hosts.getByText('Private hosts saved.')).toBeVisible();
  await shot('04-private-hosts');
  await page.reload();
  await expect(
    page.getByRole('region', { name: 'Private hosts' }).getByLabel('Allowed private hosts (one per line)'),
  ).toHaveValue('erp.acme.internal\n10.20.0.0/16');
});
