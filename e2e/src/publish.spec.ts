import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures.js';
import { apiIntegration, editPlanGridIssue, plangridProject } from './helpers.js';

/** Drags a node type from the palette onto the middle of the edge between two nodes. */
async function dropOnEdge(page: Page, type: string, from: Locator, to: Locator) {
  const canvas = page.getByTestId('canvas');
  const [a, b, box] = [(await from.boundingBox())!, (await to.boundingBox())!, (await canvas.boundingBox())!];
  const middle = {
    x: (a.x + a.width + b.x) / 2 - box.x,
    y: (a.y + a.height / 2 + b.y + b.height / 2) / 2 - box.y,
  };
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: middle });
}

/** Where an element is once it has stopped moving (the canvas pans to fit a node just added). */
async function settledBox(locator: Locator) {
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await locator.boundingBox());
      const settled = now === last;
      last = now;
      return settled;
    })
    .toBe(true);
  return (await locator.boundingBox())!;
}

/** Draws an edge by hand: from a node's output handle to another node's input handle. */
async function drawEdge(page: Page, from: Locator, to: Locator) {
  const start = await settledBox(from.locator('.react-flow__handle.source'));
  const end = await settledBox(to.locator('.react-flow__handle.target'));
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

test('publish: a filter drawn on the canvas runs only once published; versions compare and roll back', async ({
  page,
  env,
  shot,
}) => {
  const title = 'Open issues only';
  const { id, api } = await apiIntegration(env, title, { activate: true });
  await signIn(page);
  await page.goto(`/integrations/${id}/canvas`);
  const draft = page.getByRole('region', { name: 'Draft status' });
  await expect(draft).toContainText('Live version 1: the draft is the same');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await shot('01-live');

  // A filter dropped on the source → field map edge, left without its rule: Publish refuses, per node.
  const source = page.getByTestId('node-source');
  const fieldMap = page.getByTestId('node-field-map');
  await dropOnEdge(page, 'filter', source, fieldMap);
  const filter = page.getByTestId('node-filter');
  await expect(filter).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  const refused = page.getByRole('dialog', { name: 'Not published: the flow has problems' });
  await expect(refused.getByRole('list', { name: 'Problems' })).toContainText(/rule/i);
  await expect(refused.getByRole('list', { name: 'Problems' })).toContainText('Filter');
  await shot('02-publish-refused');
  await refused.getByRole('button', { name: 'Close' }).click();
  // Publish saved the draft first: saving never changes what runs.
  await expect(page.getByRole('toolbar', { name: 'Canvas' })).toContainText(
    'Draft saved — publish to make it live',
  );
  expect((await api.call<{ liveVersion: number }>('GET', `/api/integrations/${id}`)).liveVersion).toBe(1);

  // The rule fixed and named: the draft differs from live version 1, and says how.
  await filter.click();
  await page.getByLabel('Node label').fill('Only open issues');
  await page.getByLabel('Rule').fill('{"==": [{"var": "status"}, "open"]}');
  await page.getByLabel('In words').fill('Only open issues');
  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('toolbar', { name: 'Canvas' })).toContainText(
    'Draft saved — publish to make it live',
  );
  await expect(draft).toContainText('Draft differs from live version 1');
  await expect(draft.getByRole('list', { name: 'Draft changes' })).toContainText('Only open issues');
  await expect(page.getByText('All changes saved')).toHaveCount(0);
  await shot('03-draft-differs');
  // The integrations list says it too.
  await page.getByRole('link', { name: 'Integrations' }).click();
  const listed = page
    .getByRole('table', { name: 'Integrations' })
    .getByRole('row')
    .filter({ hasText: title });
  await expect(listed).toContainText('Draft differs from live version 1');
  await expect(listed.getByRole('list', { name: `Draft changes of ${title}` })).toContainText(
    'Only open issues',
  );
  await shot('03b-list-draft-differs');
  // And the wizard's Review: what runs is still version 1, with Publish offered.
  await listed.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  await expect(draft).toContainText('Draft differs from live version 1');
  await expect(
    page.getByText('Active: live version 1 runs on schedule; the draft’s changes run once published.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeEnabled();
  await shot('03c-review-draft-differs');
  await page.getByRole('link', { name: 'Open the canvas' }).click();
  await expect(draft).toContainText('Draft differs from live version 1');

  // A direct source → field map edge would let records bypass the filter: refused as it is drawn.
  const edges = page.locator('.react-flow__edge');
  // Counted once the canvas has drawn them (read at once, it could still have none).
  await expect(edges.first()).toBeVisible();
  const edgeCount = await edges.count();
  await drawEdge(page, source, fieldMap);
  const refusal = page.getByRole('alert').filter({ hasText: 'Not connected.' });
  await expect(refusal).toContainText('bypass "Only open issues"');
  await expect(refusal).toContainText('Field map');
  await expect(edges).toHaveCount(edgeCount);
  await shot('04-bypass-refused');
  await refusal.getByRole('button', { name: 'Close' }).click();

  // Publish: version 2 is live.
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 2 is live' })).toBeVisible();
  await expect(draft).toContainText('Live version 2: the draft is the same');
  await shot('05-published');

  // Issues that are not open change in PlanGrid: the next run skips them, and their timeline says why.
  const project = (await plangridProject(env)).uid;
  const stored = await api.call<{ items: { sourceId: string; sourceStatus: string | null }[] }>(
    'GET',
    `/api/records?integrationId=${id}&limit=200`,
  );
  const notOpen = stored.items.filter((r) => r.sourceStatus !== 'open').slice(0, 3);
  expect(notOpen.length).toBeGreaterThan(0);
  for (const record of notOpen)
    await editPlanGridIssue(env, project, record.sourceId, { description: 'Checked again on site' });
  await page.getByRole('link', { name: 'Integrations' }).click();
  const row = page.getByRole('table', { name: 'Integrations' }).getByRole('row').filter({ hasText: title });
  await row.getByRole('button', { name: `Run ${title} now` }).click();
  // Run now opens the run it asked for.
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Run trace' })).toBeVisible();
  await expect
    .poll(
      async () => {
        const runs = await api.call<{ items: { trigger: string; status: string; planVersion: number }[] }>(
          'GET',
          `/api/runs?integrationId=${id}`,
        );
        const manual = runs.items.find((run) => run.trigger === 'manual');
        return manual && manual.status !== 'running' ? `${manual.status} v${manual.planVersion}` : 'waiting';
      },
      { timeout: 30_000 },
    )
    .toBe('succeeded v2');
  await page.goto(`/records?integrationId=${id}&status=skipped`);
  const records = page.getByRole('table', { name: 'Records' });
  await expect(records.getByText('skipped').first()).toBeVisible();
  await records.getByRole('link').first().click();
  const skipped = page.getByTestId('timeline-event').filter({ hasText: '→ skipped' });
  await expect(skipped).toContainText('filtered out by the rule');
  await expect(skipped).toContainText('"open"');
  await shot('06-skipped-timeline');

  // Versions: who published what and when, the difference by node, and a roll back to version 1.
  await page.goto(`/integrations/${id}/canvas`);
  await page.getByRole('link', { name: 'Versions' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/integrations/${id}/versions$`));
  const versions = page.getByRole('table', { name: 'Versions' });
  const v2 = versions.getByRole('row').filter({ hasText: 'Version 2' });
  await expect(v2).toContainText('Live');
  await expect(v2).toContainText('Ana Admin');
  await expect(versions.getByRole('row').filter({ hasText: 'Version 1' })).toContainText('Ana Admin');
  const compare = page.getByRole('region', { name: 'Compare versions' });
  await expect(compare).toContainText('From version 1 to version 2');
  await expect(compare.getByRole('list', { name: 'Differences' })).toContainText('Only open issues');
  await shot('07-versions');

  await versions.getByRole('button', { name: 'Roll back to version 1' }).click();
  const confirm = page.getByRole('dialog', { name: 'Roll back to version 1?' });
  await expect(confirm).toContainText('published again as version 3');
  await confirm.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 3 is live' })).toBeVisible();
  const v3 = versions.getByRole('row').filter({ hasText: 'Version 3' });
  await expect(v3).toContainText('Live');
  await expect(v3).toContainText('Rolled back from version 1');
  await expect(compare).toContainText('From version 2 to version 3');
  await expect(compare.getByRole('list', { name: 'Differences' })).toContainText(
    'Filter "Only open issues" removed',
  );
  await shot('08-rolled-back');

  // The canvas shows version 1's flow again: no filter.
  await page.getByRole('link', { name: 'Open the canvas' }).click();
  await expect(page.getByTestId('node-source')).toBeVisible();
  await expect(page.getByTestId('node-filter')).toHaveCount(0);
  await expect(draft).toContainText('Live version 3: the draft is the same');

  // A field of a mapping changed in the draft (another tab's wizard): the Versions page names the field.
  type Flow = { nodes: { type: string; data: { config: { create?: { value: object }[] } } }[] };
  const { flow } = await api.call<{ flow: Flow }>('GET', `/api/integrations/${id}`);
  const fields = flow.nodes.find((n) => n.type === 'field-map')!.data.config.create!;
  fields[0]!.value = { kind: 'template', template: 'PG-{{number}} ({{status}}): {{title}}' };
  await api.call('PUT', `/api/integrations/${id}/flow`, flow);
  await page.getByRole('link', { name: 'Versions' }).first().click();
  await expect(compare).toContainText('From version 3 to the draft');
  const changed = compare.getByRole('list', { name: 'Differences' }).getByRole('listitem').first();
  await expect(changed).toContainText('Changed');
  await expect(changed).toContainText('create › row 1');
  await shot('09-field-changed');
});

test('a second input beside an edge is refused; a stale canvas is not saved over a newer draft', async ({
  page,
  env,
  shot,
}) => {
  const { id, api } = await apiIntegration(env, 'Two tabs');
  await signIn(page);
  await page.goto(`/integrations/${id}/canvas`);
  const fieldMap = page.getByTestId('node-field-map');
  await expect(fieldMap).toBeVisible();
  await expect(page.getByRole('region', { name: 'Draft status' })).toContainText('Not published yet');

  // A filter dropped away from the edges, then wired into the field map beside the source's edge.
  await page.getByRole('button', { name: 'Add Filter' }).press('Enter');
  const filter = page.getByTestId('node-filter');
  await expect(filter).toBeVisible();
  await drawEdge(page, filter, fieldMap);
  const refusal = page.getByRole('alert').filter({ hasText: 'Not connected.' });
  await expect(refusal).toContainText(/Field map .*already has an input from ".+": a second input would let/);
  await expect(refusal).toContainText('Insert the node on the existing edge instead.');
  await shot('01-second-input-refused');
  await refusal.getByRole('button', { name: 'Close' }).click();

  // Someone else saves the draft meanwhile (another tab): this canvas's save is refused, naming them.
  const stored = await api.call<{ flow: unknown }>('GET', `/api/integrations/${id}`);
  await api.call('PUT', `/api/integrations/${id}/flow`, stored.flow);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Ana Admin' });
  await expect(conflict).toContainText('Ana Admin saved a newer draft at');
  await expect(conflict).toContainText('your save would overwrite it');
  await shot('02-draft-conflict');
  await conflict.getByRole('button', { name: 'Reload the newer draft' }).click();
  await expect(page.getByTestId('node-filter')).toHaveCount(0);
  await expect(page.getByRole('toolbar', { name: 'Canvas' })).toContainText(
    'Draft saved — publish to make it live',
  );
});

test('duplicate says what to change; activating the copy asks first, and the list marks the pair', async ({
  page,
  env,
  shot,
}) => {
  const title = 'Snags to work orders';
  const copy = `${title} (copy)`;
  await apiIntegration(env, title, { activate: true });
  await signIn(page);
  const table = page.getByRole('table', { name: 'Integrations' });
  const row = (name: string) =>
    table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await row(title)
    .getByRole('button', { name: `Duplicate ${title}` })
    .click();
  const notice = page.getByRole('status').filter({ hasText: 'Copied as' });
  await expect(notice).toContainText(`"${copy}" is paused`);
  await expect(notice).toContainText('match existing records by');
  await expect(row(copy)).toContainText('Not published yet');
  await shot('01-duplicated');

  // Activating the copy publishes it, but another active integration writes the same records: asked first.
  await row(copy)
    .getByRole('button', { name: `Activate ${copy}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Another integration writes the same records' });
  await expect(dialog).toContainText(`"${title}" already syncs`);
  await shot('02-overlap-asked');
  await dialog.getByRole('button', { name: 'Activate anyway' }).click();
  await expect(row(copy).getByRole('button', { name: `Pause ${copy}` })).toBeVisible();
  await expect(row(copy)).toContainText(`Same records as "${title}"`);
  await expect(row(title)).toContainText(`Same records as "${copy}"`);
  await shot('03-overlap-marked');
});
