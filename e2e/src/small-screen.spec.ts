import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { ApiSession } from './api-client.js';
import { expect, signIn, test } from './fixtures.js';
import { ADMIN, TENANT_ADMIN } from './global-setup.js';
import { NUVOLO, PLANGRID_KEY, plangridProject } from './helpers.js';

// A common laptop screen: every long list and form must be usable at this size.
test.use({ viewport: { width: 1366, height: 768 } });

const faults = (url: string, method: string, body?: unknown) =>
  fetch(`${url}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

/**
 * What the 1366×768 screen shows, not the whole page: a full-page shot stretches the window, so it would
 * draw a sticky action bar in the middle of the page.
 */
async function screenShot(page: Page, name: string) {
  // Dialogs and menus fade: wait for every transition to end.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await page.screenshot({
    path: fileURLToPath(new URL(`../screenshots/small-screen-${name}.png`, import.meta.url)),
  });
}

/** The page itself never scrolls sideways. */
async function noSidewaysScroll(page: Page, where: string) {
  const widths = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    inner: window.innerWidth,
  }));
  expect.soft(widths.scroll, `${where}: page scroll width`).toBeLessThanOrEqual(widths.inner);
}

/** The element lies wholly inside the viewport (after scrolling it into view where its container scrolls). */
async function inView(page: Page, locator: Locator, what: string, { scroll = true } = {}) {
  if (scroll) await locator.scrollIntoViewIfNeeded();
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  expect(box, `${what} is laid out`).not.toBeNull();
  expect.soft(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(width + 0.5);
  expect.soft(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(height + 0.5);
}

/** Every column header is visible, inside the viewport's width, and its label is not cut off. */
async function headersReadable(page: Page, table: Locator, what: string) {
  const headers = table.getByRole('columnheader');
  const count = await headers.count();
  expect.soft(count, `${what} has column headers`).toBeGreaterThan(0);
  const { width } = page.viewportSize()!;
  for (let i = 0; i < count; i++) {
    const header = headers.nth(i);
    await expect(header).toBeVisible();
    const label = (await header.textContent())?.trim() ?? '';
    const box = (await header.boundingBox())!;
    expect.soft(box.x, `${what} header "${label}": left edge`).toBeGreaterThanOrEqual(0);
    expect.soft(box.x + box.width, `${what} header "${label}": right edge`).toBeLessThanOrEqual(width + 0.5);
    const clipped = await header.evaluate((cell) => cell.scrollWidth > cell.clientWidth + 1);
    expect.soft(clipped, `${what} header "${label}" is cut off`).toBe(false);
  }
}

/** The usability facts of one screen: no sideways page scroll, the primary action reachable, headers readable. */
async function usable(
  page: Page,
  where: string,
  { primary, tables = [] }: { primary?: Locator; tables?: Locator[] },
) {
  await noSidewaysScroll(page, where);
  for (const [i, table] of tables.entries()) await headersReadable(page, table, `${where} table ${i + 1}`);
  if (primary) await inView(page, primary, `${where}: primary action`);
}

/** A dialog fits the viewport and its primary button can be reached. */
async function dialogFits(page: Page, dialog: Locator, primary: Locator, where: string) {
  const box = (await dialog.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  expect.soft(box.x).toBeGreaterThanOrEqual(0);
  expect.soft(box.y).toBeGreaterThanOrEqual(0);
  expect.soft(box.x + box.width, `${where}: dialog right edge`).toBeLessThanOrEqual(width);
  expect.soft(box.y + box.height, `${where}: dialog bottom edge`).toBeLessThanOrEqual(height);
  await inView(page, primary, `${where}: primary action`);
}

/** An integration from the PlanGrid issues → Nuvolo template, run once against a failing Nuvolo. */
async function templateIntegrationWithExceptions(env: {
  baseUrl: string;
  plangridUrl: string;
  nuvoloUrl: string;
}) {
  const api = await ApiSession.signIn(env.baseUrl, TENANT_ADMIN.email, TENANT_ADMIN.password);
  const source = await api.call<{ id: string }>('POST', '/api/connections', {
    system: 'plangrid',
    name: 'PlanGrid small screen',
    baseUrl: env.plangridUrl,
    authKind: 'api-key',
    credentials: { apiKey: PLANGRID_KEY },
  });
  const destination = await api.call<{ id: string }>('POST', '/api/connections', {
    system: 'nuvolo',
    name: 'Nuvolo small screen',
    baseUrl: env.nuvoloUrl,
    authKind: 'basic',
    credentials: NUVOLO,
  });
  const title = 'Small screen from the template';
  const { id } = await api.call<{ id: string }>('POST', '/api/integrations/from-template', {
    templateId: 'plangrid-issues-to-nuvolo-work-orders',
    title,
    sourceConnectionId: source.id,
    destinationConnectionId: destination.id,
    project: (await plangridProject(env)).uid,
  });
  expect((await faults(env.nuvoloUrl, 'POST', { path: '*', method: 'POST', fault: '500' })).ok).toBe(true);
  try {
    await api.call('POST', `/api/integrations/${id}/activate`);
    await api.call('POST', `/api/integrations/${id}/run`);
    await expect
      .poll(
        async () =>
          (await api.call<{ items: unknown[] }>('GET', `/api/exceptions?integrationId=${id}&limit=5`)).items
            .length,
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
  } finally {
    await faults(env.nuvoloUrl, 'DELETE');
  }
  return { id, title };
}

test('small screen: lists, dialogs and forms at 1366×768', async ({ page, env, shot }) => {
  const { id, title } = await templateIntegrationWithExceptions(env);
  await signIn(page);

  // Integrations.
  const integrations = page.getByRole('table', { name: 'Integrations' });
  await expect(integrations.getByRole('row').filter({ hasText: title })).toBeVisible();
  await usable(page, 'integrations', {
    primary: page.getByRole('button', { name: 'New integration' }),
    tables: [integrations],
  });
  await shot('01-integrations');

  // Runs.
  await page.getByRole('link', { name: 'Runs' }).first().click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row').nth(1)).toBeVisible();
  await usable(page, 'runs', { tables: [runs] });
  await shot('02-runs');
  // A run's page: its counts, trace and records.
  await runs.getByRole('row').filter({ hasText: 'manual' }).first().getByRole('link').first().click();
  await expect(page.getByTestId('run-status')).toBeVisible();
  await usable(page, 'run', { tables: await page.getByRole('table').all() });
  await shot('02b-run');

  // Records.
  await page.goto('/records');
  const records = page.getByRole('table', { name: 'Records' });
  await expect(records.getByRole('row').nth(1)).toBeVisible();
  await usable(page, 'records', { tables: [records] });
  await shot('03-records');
  // A record's page with its timeline.
  await records.getByRole('row').nth(1).getByRole('link').first().click();
  await expect(page.getByRole('list', { name: 'Timeline' })).toBeVisible();
  await usable(page, 'record', { tables: await page.getByRole('table').all() });
  // The failure's message (a long URL without spaces) stays inside its card.
  const card = page
    .getByRole('main')
    .locator('.MuiPaper-root')
    .filter({ has: page.getByRole('list', { name: 'Timeline' }) });
  const failure = card.getByText(/^Nuvolo answered 500/);
  const [inner, outer] = [(await failure.boundingBox())!, (await card.boundingBox())!];
  expect
    .soft(inner.x + inner.width, 'the failure message spills out of its card')
    .toBeLessThanOrEqual(outer.x + outer.width);
  expect
    .soft(await failure.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the failure message overflows')
    .toBe(true);
  await shot('03b-record');

  // Exceptions, with the detail drawer open.
  await page.goto('/exceptions');
  const exceptions = page.getByRole('table', { name: 'Exceptions' });
  await expect(exceptions.getByRole('row').nth(1)).toBeVisible();
  await usable(page, 'exceptions', { tables: [exceptions] });
  await shot('04-exceptions');
  await exceptions.getByRole('row').nth(1).getByRole('cell').nth(1).click();
  const drawer = page.getByRole('region', { name: 'Exception detail' });
  await expect(drawer.getByTestId('http-status')).toHaveText('500');
  await usable(page, 'exception detail', { primary: drawer.getByRole('button', { name: 'Replay' }) });
  await inView(page, drawer, 'exception detail drawer');
  await shot('05-exception-detail');
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toBeHidden();

  // Connections and the new connection dialog.
  await page.getByRole('link', { name: 'Connections' }).click();
  const connections = page.getByRole('table', { name: 'Connections' });
  await expect(connections.getByRole('row').nth(1)).toBeVisible();
  await usable(page, 'connections', {
    primary: page.getByRole('button', { name: 'New connection' }),
    tables: [connections],
  });
  await shot('06-connections');
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await page.getByRole('combobox', { name: 'System' }).click();
  await page.getByRole('option', { name: 'Nuvolo' }).first().click();
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(page.locator('.MuiMenu-root')).toHaveCount(0);
  await dialogFits(page, dialog, dialog.getByRole('button', { name: 'Save connection' }), 'new connection');
  await noSidewaysScroll(page, 'new connection');
  await screenShot(page, 'new-connection');
  // The longest form: OAuth with a user name and password still fits, its Save reachable.
  await page.getByRole('combobox', { name: 'Authentication' }).click();
  await page.getByRole('option', { name: 'OAuth 2 with a user name and password' }).click();
  await expect(page.locator('.MuiMenu-root')).toHaveCount(0);
  await expect(dialog.getByLabel('Client secret')).toBeVisible();
  await dialogFits(
    page,
    dialog,
    dialog.getByRole('button', { name: 'Save connection' }),
    'new OAuth connection',
  );
  await dialogFits(page, dialog, dialog.getByRole('button', { name: 'Cancel' }), 'new OAuth connection');
  await screenShot(page, 'new-connection-oauth');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The wizard, every step of the integration made from the template.
  await page.goto(`/integrations/${id}/wizard`);
  await expect(page.getByRole('heading', { name: `Integration: ${title}` })).toBeVisible();
  const steps: [string, string][] = [
    ['Details', 'Save and continue'],
    ['Source', 'Save and continue'],
    ['Destination', 'Save and continue'],
    ['Field mappings', 'Save and continue'],
    ['Schedule & settings', 'Save and continue'],
    ['Review', 'Run now'],
  ];
  for (const [n, [step, action]] of steps.entries()) {
    await page.getByRole('tab', { name: step, exact: true }).click();
    const primary = page.getByRole('button', { name: action, exact: true });
    await expect(primary).toBeVisible();
    const tables =
      step === 'Field mappings' || step === 'Schedule & settings' ? await page.getByRole('table').all() : [];
    if (step === 'Field mappings') expect(tables.length).toBeGreaterThanOrEqual(2);
    if (step === 'Schedule & settings') expect(tables.length).toBeGreaterThanOrEqual(1);
    await usable(page, `wizard ${step}`, { primary, tables });
    // The step's actions stay in reach however long the step: in view with the page at its top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await inView(page, primary, `wizard ${step}: primary action without scrolling`, { scroll: false });
    await screenShot(page, `wizard-${n + 1}-${step.replace(/\W+/g, '-').toLowerCase()}`);
  }

  // Versions.
  await page.goto(`/integrations/${id}/versions`);
  await expect(page.getByRole('heading', { name: /Versions/ })).toBeVisible();
  await usable(page, 'versions', { tables: await page.getByRole('table').all() });
  await shot('09-versions');

  // The Systems builder.
  await page.getByRole('link', { name: 'Systems' }).click();
  await page.getByRole('link', { name: 'New system' }).click();
  await expect(page.getByLabel('System name')).toBeVisible();
  await usable(page, 'systems builder', { primary: page.getByRole('button', { name: 'Save system' }) });
  // Save stays in reach at the long form's end.
  await page.getByRole('button', { name: 'Test list' }).scrollIntoViewIfNeeded();
  await inView(page, page.getByRole('button', { name: 'Save system' }), 'systems builder: Save at the end', {
    scroll: false,
  });
  await screenShot(page, 'systems-builder-end');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('10-systems-builder');

  // Admin as the tenant admin: users and the audit log.
  await page.getByRole('link', { name: 'Admin' }).click();
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row').nth(1)).toBeVisible();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit.getByRole('row').nth(1)).toBeVisible();
  await usable(page, 'admin', { tables: [users, audit] });
  await shot('11-admin');
});

test('small screen: the platform admin’s tenants at 1366×768', async ({ page, shot }) => {
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Admin' }).click();
  const tenants = page.getByRole('table', { name: 'Tenants' });
  await expect(tenants.getByRole('row').filter({ hasText: 'Acme Facilities' })).toBeVisible();
  await usable(page, 'tenants', {
    primary: page.getByRole('button', { name: 'New tenant' }),
    tables: [tenants],
  });
  await shot('01-tenants');
  await page.getByRole('button', { name: 'New tenant' }).click();
  const dialog = page.getByRole('dialog');
  await dialogFits(page, dialog, dialog.getByRole('button', { name: 'Save' }), 'new tenant');
  await screenShot(page, 'new-tenant');
});
