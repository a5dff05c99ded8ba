import { expect, signIn, test, type Env } from './fixtures.js';
import { choose, NUVOLO, PLANGRID_KEY, plangridProject } from './helpers.js';

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
const SYSTEM = 'Facilities desk (Table API)';

const basic = `Basic ${Buffer.from(`${NUVOLO.username}:${NUVOLO.password}`).toString('base64')}`;

/** The work orders in the Nuvolo simulator, read through its Table API as any ServiceNow client would. */
async function workOrders(env: Env): Promise<Record<string, string>[]> {
  const response = await fetch(`${env.nuvoloUrl}/api/now/table/${WORK_ORDERS}?sysparm_limit=10000`, {
    headers: { authorization: basic, accept: 'application/json' },
  });
  return ((await response.json()) as { result: Record<string, string>[] }).result;
}

/** Work orders a Nuvolo user already entered, so the builder's list test has records to show. */
async function seedWorkOrders(env: Env, count: number) {
  for (let n = 1; n <= count; n++) {
    const response = await fetch(`${env.nuvoloUrl}/api/now/table/${WORK_ORDERS}`, {
      method: 'POST',
      headers: { authorization: basic, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ short_description: `Existing work order ${n}` }),
    });
    expect(response.status).toBe(201);
  }
}

test('connector builder: a system defined against the Table API, tested, saved, and run as a destination', async ({
  page,
  env,
  shot,
  consoleProblems,
}) => {
  await seedWorkOrders(env, 6);
  const before = new Set((await workOrders(env)).map((row) => row.sys_id));

  await signIn(page);
  await page.getByRole('link', { name: 'Systems' }).click();
  await expect(page.getByRole('heading', { name: 'Systems' })).toBeVisible();
  await page.getByRole('link', { name: 'New system' }).click();

  // The common parts in the form; the JSON beside it follows.
  await page.getByLabel('System name').fill(SYSTEM);
  await page.getByLabel('Short label').fill('FD');
  await page.getByLabel('Base URL').fill(env.nuvoloUrl);
  await expect(page.getByRole('combobox', { name: 'Authentication' })).toContainText('Basic');
  await page.getByLabel('Object (table or resource)').fill(WORK_ORDERS);
  await page.getByLabel('Object label').fill('Work orders');
  await page
    .getByLabel('Fields', { exact: true })
    .fill('short_description, description, state, correlation_id');
  await page.getByLabel('Record id field').fill('sys_id');
  await page.getByLabel('List path').fill('/api/now/table/{{object}}');
  // A record selector that is not a JSON path: saving names the problem at its path.
  await page.getByLabel('Record selector').fill('result');
  await page.getByRole('button', { name: 'Save system' }).click();
  const problems = page.getByRole('list', { name: 'Definition problems' });
  await expect(problems).toContainText('$.definition.list.records');
  await shot('00-problem-path');
  await page.getByLabel('Record selector').fill('$.result');
  await page.getByLabel('Offset parameter').fill('sysparm_offset');
  await page.getByLabel('Limit parameter').fill('sysparm_limit');
  await page.getByLabel('Changed-at field').fill('sys_updated_on');
  await page.getByLabel('Lookup parameter').fill('sysparm_query');
  await page.getByLabel('Lookup value').fill('{{field}}={{value}}');
  await page.getByLabel('Create path').fill('/api/now/table/{{object}}');
  await page.getByLabel('Created record at').fill('$.result');
  await page.getByLabel('Update records').check();
  await page.getByLabel('Update path').fill('/api/now/table/{{object}}/{{id}}');

  // The work-order states are said in the JSON (the form shows the common parts only).
  const json = page.getByLabel('Definition (JSON)');
  const definition = JSON.parse(await json.inputValue()) as {
    list: { path: string; paginate: Record<string, string> };
    objects: { name: string; statuses?: unknown }[];
    statusField?: string;
  };
  expect(definition.list.path).toBe('/api/now/table/{{object}}');
  expect(definition.list.paginate).toMatchObject({ kind: 'offset', offsetParam: 'sysparm_offset' });
  definition.objects[0]!.statuses = [
    { value: '2', label: 'Open' },
    { value: '3', label: 'Work in Progress' },
    { value: '4', label: 'On Hold' },
    { value: '5', label: 'Closed Complete' },
  ];
  definition.statusField = 'state';
  await json.fill(JSON.stringify(definition, null, 2));
  // The form reads the JSON back.
  await expect(page.getByLabel('Object (table or resource)')).toHaveValue(WORK_ORDERS);

  // Test the list endpoint against the live API: the first page's records and the next request.
  await page.getByLabel('Test user name').fill(NUVOLO.username);
  await page.getByLabel('Test password').fill(NUVOLO.password);
  await page.getByRole('button', { name: 'Test list' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The first page has 5 records' })).toBeVisible();
  const records = page.getByRole('table', { name: 'Parsed records' });
  await expect(records.getByRole('row')).toHaveCount(6);
  // The first column is the record id field: the records are the simulator's own.
  const firstId = await records.getByRole('row').nth(1).getByRole('cell').first().textContent();
  expect(before.has(firstId ?? '')).toBe(true);
  await expect(page.getByLabel('Next request')).toContainText('sysparm_offset=5');
  await shot('01-builder-tested');

  // A create is previewed, not sent.
  await page.getByLabel('Sample record (JSON) for writes').fill('{"short_description": "Preview only"}');
  await page.getByRole('button', { name: 'Preview create' }).click();
  await expect(page.getByText('Nothing was sent.')).toBeVisible();
  await expect(page.getByLabel('Request')).toContainText(
    `POST ${env.nuvoloUrl}/api/now/table/${WORK_ORDERS}`,
  );
  expect(await workOrders(env)).toHaveLength(before.size);

  await page.getByRole('button', { name: 'Save system' }).click();
  await expect(page).toHaveURL(/\/systems\/[\w-]+$/);
  await expect(page.getByText('version 1')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row')).toHaveCount(2);
  await shot('02-saved');

  // The wizard: PlanGrid → the new system.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('button', { name: 'New integration' }).click();
  await page.getByRole('menuitem', { name: /Start blank/ }).click();
  await page.getByLabel('Title').fill('PlanGrid issues → Facilities desk');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await choose(page, 'PlanGrid connection', 'New connection…');
  await page.getByLabel('Base URL').fill(env.plangridUrl);
  await page.getByLabel('API key').fill(PLANGRID_KEY);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await choose(page, 'Project', (await plangridProject(env)).name);
  await expect(page.getByRole('combobox', { name: 'Records to read' })).toContainText('issues');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await choose(page, 'Destination system', new RegExp(SYSTEM.replace(/[()]/g, '\\$&')));
  await expect(page.getByRole('combobox', { name: 'Destination system' })).toContainText(SYSTEM);
  await expect(page.getByText(`New ${SYSTEM} connection`)).toBeVisible();
  await expect(page.getByLabel('Connection name')).toHaveValue(SYSTEM);
  await page.getByLabel('Connection name').fill('Facilities desk (prod)');
  await page.getByLabel('Base URL').fill(env.nuvoloUrl);
  await page.getByLabel('User name').fill(NUVOLO.username);
  await page.getByLabel('Password').fill(NUVOLO.password);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Connected/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Table to write' })).toContainText(WORK_ORDERS);
  await shot('03-destination');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  for (const table of ['Create (POST)', 'Update (PATCH)']) {
    await page.getByRole('button', { name: `Add a field to ${table}` }).click();
    await choose(page, `${table} row 1 destination field`, /short_description/);
    await choose(page, `${table} row 1 kind`, 'Template');
    await page.getByLabel(`${table} row 1 value`).fill('PG-{{number}}: {{title}}');
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByRole('combobox', { name: 'Status row 1 source status' })).toBeVisible();
  const rows = await page.getByRole('combobox', { name: /Status row \d+ destination state/ }).count();
  for (let row = 1; row <= rows; row++) {
    const state = page.getByRole('combobox', { name: `Status row ${row} destination state` });
    if (((await state.textContent()) ?? '').replace(/\u200b/g, '').trim() === '') {
      await choose(page, `Status row ${row} destination state`, /Work in Progress/);
    }
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  await shot('04-review');
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByText(/Active: live version 1 runs on schedule/)).toBeVisible();
  await page.getByRole('button', { name: 'Run now' }).click();
  // Run now opens the run it asked for.
  await expect(page.getByRole('heading', { name: 'Run trace' })).toBeVisible();
  await expect(page.getByText('succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  await shot('05-run');

  // The runs created the PlanGrid issues as work orders, through the generic engine: as many as they say.
  // The schedule's first tick (at activation) may have run before Run now and created them itself; the
  // tenant's other integrations have runs too, so only this one's are counted.
  const recordsLink = await page.getByRole('link', { name: 'Records' }).last().getAttribute('href');
  const integrationId = new URL(recordsLink!, 'http://x').searchParams.get('integrationId');
  await page.goto(`/runs?integrationId=${integrationId}`);
  const runs = page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: 'succeeded' });
  await expect(runs.first()).toBeVisible();
  let createdCount = 0;
  // Created: the cell after Pulled and Unchanged.
  for (const row of await runs.all())
    createdCount += Number(await row.getByRole('cell').nth(6).textContent());
  expect(createdCount).toBeGreaterThan(0);
  const created = (await workOrders(env)).filter((row) => !before.has(row.sys_id));
  expect(created.length).toBe(createdCount);
  expect(created.every((row) => row.short_description?.startsWith('PG-') && row.correlation_id !== '')).toBe(
    true,
  );

  // The connections list names the connection's system by the tenant system's name.
  await page.getByRole('link', { name: 'Connections' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Facilities desk (prod)' })).toContainText(SYSTEM);

  // A system in use is not deleted: the message names its connection.
  await page.getByRole('link', { name: 'Systems' }).click();
  await page.getByRole('button', { name: `Delete ${SYSTEM}` }).click();
  await expect(page.getByText(/is used by the connection "Facilities desk \(prod\)"/)).toBeVisible();
  await shot('06-in-use');
  // Chromium logs the refused save's 400 and the refused DELETE's 409 itself; those answers are expected.
  const refused = [400, 409].map(
    (status) =>
      `error: Failed to load resource: the server responded with a status of ${status} (${status === 400 ? 'Bad Request' : 'Conflict'})`,
  );
  for (const expected of refused) expect(consoleProblems.filter((p) => p === expected)).toHaveLength(1);
  consoleProblems.splice(0, consoleProblems.length, ...consoleProblems.filter((p) => !refused.includes(p)));
  expect(consoleProblems).toEqual([]);
});
