import { ApiSession } from './api-client.js';
import { expect, signIn, test, type Env } from './fixtures.js';
import { TENANT_ADMIN } from './global-setup.js';
import { choose, NUVOLO, PLANGRID_KEY, plangridProject } from './helpers.js';

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
/** Nuvolo's work order states, by value, as its choice list has them. */
const ON_HOLD = '4';

interface LinkedRecord {
  id: string;
  sourceId: string;
  destinationId: string | null;
  status: string;
  sourceData: { status?: string };
  pair: { held: { sourceField: string; decision: string | null }[] } | null;
}

/** A person's edit in a simulator's UI (its control plane): the record as its API now answers it. */
async function personEdits(url: string, object: string, id: string, fields: Record<string, unknown>) {
  const response = await fetch(`${url}/__sim/records/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ object, id, fields }),
  });
  if (!response.ok)
    throw new Error(`edit of ${object} ${id} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function issueStatus(env: Env, project: string, uid: string): Promise<string> {
  const response = await fetch(`${env.plangridUrl}/projects/${project}/issues/${uid}`, {
    headers: {
      accept: 'application/vnd.plangrid+json; version=1',
      authorization: `Basic ${Buffer.from(`${PLANGRID_KEY}:`).toString('base64')}`,
    },
  });
  return ((await response.json()) as { status: string }).status;
}

async function workOrderState(env: Env, sysId: string): Promise<string> {
  const response = await fetch(`${env.nuvoloUrl}/api/now/table/${WORK_ORDERS}/${sysId}`, {
    headers: {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${NUVOLO.username}:${NUVOLO.password}`).toString('base64')}`,
    },
  });
  return String(((await response.json()) as { result: { state: unknown } }).result.state);
}

/** Run now, and wait until the run that does the work (activation's may be going) has finished. */
async function runToTheEnd(api: ApiSession, integrationId: string, ends = ['succeeded']): Promise<string> {
  const answer = await api.call<{ run: { id: string }; queuedBehind: string | null }>(
    'POST',
    `/api/integrations/${integrationId}/run`,
  );
  for (const runId of [answer.queuedBehind, answer.run.id].filter((id): id is string => Boolean(id))) {
    let run = { status: '', error: null as string | null };
    await expect
      .poll(
        async () => {
          run = await api.call<typeof run>('GET', `/api/runs/${runId}`);
          return run.status;
        },
        { timeout: 60_000 },
      )
      .not.toMatch(/^(queued|running)$/);
    expect(ends, `run ${runId} ${run.status}: ${run.error}`).toContain(run.status);
  }
  return answer.run.id;
}

test('two-way: both directions on the canvas, a held conflict decided in the inbox reaches the other side', async ({
  page,
  env,
  shot,
}) => {
  const retry = test.info().retry;
  const title = retry > 0 ? `Issues both ways ${retry}` : 'Issues both ways';
  const api = await ApiSession.signIn(env.baseUrl, TENANT_ADMIN.email, TENANT_ADMIN.password);
  const source = await api.call<{ id: string }>('POST', '/api/connections', {
    system: 'plangrid',
    name: `PlanGrid for ${title}`,
    baseUrl: env.plangridUrl,
    authKind: 'api-key',
    credentials: { apiKey: PLANGRID_KEY },
  });
  const destination = await api.call<{ id: string }>('POST', '/api/connections', {
    system: 'nuvolo',
    name: `Nuvolo for ${title}`,
    baseUrl: env.nuvoloUrl,
    authKind: 'basic',
    credentials: NUVOLO,
  });
  const project = (await plangridProject(env)).uid;
  const { id } = await api.call<{ id: string }>('POST', '/api/integrations/from-template', {
    templateId: 'plangrid-issues-nuvolo-work-orders-two-way',
    title,
    sourceConnectionId: source.id,
    destinationConnectionId: destination.id,
    project,
  });

  // The canvas: each source says which way its direction goes, between which systems.
  await signIn(page);
  await page.goto(`/integrations/${id}/canvas`);
  const directions = page.getByTestId('node-direction');
  await expect(directions).toHaveCount(2);
  await expect(page.getByLabel('PlanGrid issues (source, → Forward: PlanGrid → Nuvolo)')).toBeVisible();
  await expect(
    page.getByLabel('Nuvolo work orders (way back) (source, ↩ Way back: Nuvolo → PlanGrid)'),
  ).toBeVisible();
  // The flow compiles: no error (the way back's destination may warn that it has no correlation field).
  const problems = page.getByRole('region', { name: 'Compile problems' });
  await expect(problems.getByText(/^error · /)).toHaveCount(0);
  await shot('01-canvas');

  // A test with live data tries the forward direction, and says so.
  await page
    .getByRole('toolbar', { name: 'Canvas' })
    .getByRole('button', { name: 'Test with live data' })
    .click();
  const results = page.getByRole('region', { name: 'Test run' });
  await expect(results.getByRole('table', { name: 'Test records' })).toBeVisible();
  await expect(results.getByTestId('test-run-note')).toContainText('The test tries the forward direction');
  await expect(page.getByLabel(/^Issue → work order/).getByTestId('test-counts')).toContainText(
    /\d+ in → \d+ out/,
  );

  // The forward destination's conflict policies, as the template sets them.
  await page.getByLabel('Nuvolo work orders (destination)', { exact: true }).click();
  const policies = page.getByRole('group', { name: 'When both sides changed a field' });
  await policies.scrollIntoViewIfNeeded();
  await expect(policies.getByRole('combobox', { name: /\(state\)$|^state$/ })).toHaveText('Hold for review');
  await expect(policies.getByRole('combobox', { name: /\(description\)$|^description$/ })).toHaveText(
    'Latest change wins',
  );
  await shot('02-conflict-policies');

  // The first sync links every issue to a work order.
  await api.call('POST', `/api/integrations/${id}/activate`);
  await runToTheEnd(api, id);
  const records = await api.call<{ items: LinkedRecord[] }>(
    'GET',
    `/api/records?integrationId=${id}&limit=200`,
  );
  const record = records.items.find(
    (r) => r.destinationId && ['open', 'in_review'].includes(r.sourceData.status ?? ''),
  );
  expect(record, 'an open issue linked to a work order').toBeTruthy();
  const { sourceId: issue, destinationId: workOrder } = record as LinkedRecord & { destinationId: string };

  // A PlanGrid reviewer closes the issue while a technician puts its work order on hold.
  await personEdits(env.plangridUrl, 'issues', issue, { status: 'closed' });
  await personEdits(env.nuvoloUrl, WORK_ORDERS, workOrder, { state: ON_HOLD });
  // The held record fails the run in part: it waits for a person.
  const holding = await runToTheEnd(api, id, ['succeeded', 'partial']);
  const held = await api.call<LinkedRecord>('GET', `/api/records/${record!.id}`);
  expect(held.status).toBe('failed');
  expect(held.pair?.held).toEqual([expect.objectContaining({ sourceField: 'status', decision: null })]);
  // Held: neither side was written.
  expect(await issueStatus(env, project, issue)).toBe('closed');
  expect(await workOrderState(env, workOrder)).toBe(ON_HOLD);

  // The run's trace draws both directions, each source with its badge.
  await page.goto(`/runs/${holding}`);
  await expect(page.getByTestId('node-direction')).toHaveCount(2);
  await expect(page.getByTestId('trace-counts').first()).toBeVisible();
  await shot('03-trace');

  // The inbox shows both values; keeping Nuvolo's puts the issue on hold (pending) in PlanGrid.
  await page.goto('/exceptions');
  await choose(page, 'Integration', title);
  const row = page
    .getByRole('table', { name: 'Exceptions' })
    .getByRole('row')
    .filter({ hasText: 'Both sides changed' });
  await expect(row).toHaveCount(1);
  await row.getByRole('cell').nth(1).click();
  const drawer = page.getByRole('region', { name: 'Exception detail' });
  const conflict = drawer.getByTestId('held-conflict');
  await expect(conflict.getByTestId('source-value')).toHaveText('Closed');
  await expect(conflict.getByTestId('destination-value')).toHaveText('On Hold');
  await expect(conflict.getByText('PlanGrid status')).toBeVisible();
  await expect(conflict.getByText('Nuvolo state')).toBeVisible();
  await shot('04-conflict');

  await conflict.getByRole('button', { name: "Keep Nuvolo's value (On Hold)" }).click();
  await expect(drawer.getByTestId('conflict-decided')).toHaveText(
    "Kept Nuvolo's value (On Hold): the next run writes it to PlanGrid.",
  );
  await expect(drawer.getByTestId('exception-state')).toContainText('Resolved');
  await shot('05-decided');

  // The decision asked for a run: it writes the kept value to PlanGrid, and nothing back to Nuvolo.
  await expect.poll(() => issueStatus(env, project, issue), { timeout: 60_000 }).toBe('pending');
  await expect
    .poll(async () => (await api.call<LinkedRecord>('GET', `/api/records/${record!.id}`)).status, {
      timeout: 60_000,
    })
    .toBe('updated');
  expect(await workOrderState(env, workOrder)).toBe(ON_HOLD);
  await api.call('POST', `/api/integrations/${id}/pause`);
});
