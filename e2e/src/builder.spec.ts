import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures.js';
import { apiIntegration, choose, editPlanGridIssue, plangridProject, PLANGRID_KEY } from './helpers.js';

/*
 * Building with confidence (issue 16): a test run on live data, the expression editor, and the canvas's
 * editing by keyboard and "+", all at 1280×720.
 */

test.use({ viewport: { width: 1280, height: 720 } });

/** The first issue the PlanGrid simulator lists in the project (the first a test run reads). */
async function firstIssue(project: string, plangridUrl: string) {
  const response = await fetch(`${plangridUrl}/projects/${project}/issues?limit=1`, {
    headers: {
      accept: 'application/vnd.plangrid+json; version=1',
      authorization: `Basic ${Buffer.from(`${PLANGRID_KEY}:`).toString('base64')}`,
    },
  });
  const body = (await response.json()) as { data: { uid: string; title: string; number: number }[] };
  return body.data[0]!;
}

/** Whether a box lies wholly inside another (a pixel of rounding allowed). */
const inside = (
  box: { x: number; y: number; width: number; height: number },
  frame: { x: number; y: number; width: number; height: number },
) =>
  box.x >= frame.x - 1 &&
  box.y >= frame.y - 1 &&
  box.x + box.width <= frame.x + frame.width + 1 &&
  box.y + box.height <= frame.y + frame.height + 1;

/** Waits for a drawer to finish sliding in: its right edge at the window's. */
async function slidIn(page: Page, drawer: ReturnType<Page['getByRole']>) {
  const width = page.viewportSize()!.width;
  await expect
    .poll(async () => {
      const box = await drawer.boundingBox();
      return box ? Math.round(box.x + box.width) : null;
    })
    .toBe(width);
}

/** The smallest text on the canvas's nodes as drawn: its font size times the view's zoom. */
const smallestNodeText = (page: Page) =>
  page.locator('.react-flow__node').evaluateAll((nodes) =>
    Math.min(
      ...nodes.flatMap((node) => {
        const zoom = node.getBoundingClientRect().width / (node as HTMLElement).offsetWidth;
        return Array.from(node.querySelectorAll('p, div'))
          .filter((e) => e.childNodes[0]?.nodeType === Node.TEXT_NODE)
          .map((e) => parseFloat(getComputedStyle(e).fontSize) * zoom);
      }),
    ),
  );

async function testRun(page: Page) {
  await page
    .getByRole('toolbar', { name: 'Canvas' })
    .getByRole('button', { name: 'Test with live data' })
    .click();
  const results = page.getByRole('region', { name: 'Test run' });
  await expect(results.getByRole('table', { name: 'Test records' })).toBeVisible();
  return results;
}

test('test run from the canvas: creates before the first run, then an update with its diff', async ({
  page,
  env,
  shot,
}) => {
  const { id, api } = await apiIntegration(env, 'Builder test run');
  await signIn(page);
  await page.goto(`/integrations/${id}/canvas`);
  await expect(page.getByTestId('node-source')).toBeVisible();

  // Never run: every record would be created, with the body the field map makes.
  let results = await testRun(page);
  await expect(results.getByRole('status')).toContainText(/\d+ create/);
  await expect(page.getByTestId('node-field-map').getByTestId('test-counts')).toContainText(
    /\d+ in → \d+ out/,
  );
  await shot('01-creates');
  await results.getByRole('row').nth(1).click();
  const drawer = page.getByRole('region', { name: /^Test record / });
  await slidIn(page, drawer);
  await expect(drawer.getByRole('table', { name: 'Create body' })).toContainText('short_description');
  await expect(drawer.getByRole('table', { name: 'Create body' })).toContainText(/PG-\d+: /);
  await shot('02-create-drawer');
  await drawer.getByRole('button', { name: 'Close' }).click();

  // Run once for real, then change an issue's title in PlanGrid: the test shows the update's diff.
  await api.call('POST', `/api/integrations/${id}/activate`);
  await api.call('POST', `/api/integrations/${id}/run`);
  await expect
    .poll(
      async () => {
        const runs = await api.call<{ items: { status: string }[] }>('GET', `/api/runs?integrationId=${id}`);
        return runs.items.map((run) => run.status).join(',');
      },
      { timeout: 60_000 },
    )
    .toMatch(/succeeded|partial/);
  await api.call('POST', `/api/integrations/${id}/pause`);
  const project = (await plangridProject(env)).uid;
  const issue = await firstIssue(project, env.plangridUrl);
  const title = `Leak under sink ${Date.now() % 100_000}`;
  await editPlanGridIssue(env, project, issue.uid, { title });

  results = await testRun(page);
  await expect(results.getByRole('status')).toContainText(/\d+ update/);
  await results.getByRole('row', { name: new RegExp(title) }).click();
  await slidIn(page, page.getByRole('region', { name: /^Test record / }));
  const diff = page.getByRole('table', { name: 'Update diff' });
  const changed = diff.getByRole('row', { name: /short_description/ });
  await expect(changed).toContainText(issue.title);
  await expect(changed).toContainText(title);
  await expect(changed).toHaveAttribute('data-changed', 'true');
  await shot('03-update-diff');
});

test('expression editor: completes record fields, previews on a sample, marks a syntax error at its column', async ({
  page,
  env,
  shot,
}) => {
  const { id } = await apiIntegration(env, 'Builder expressions');
  await signIn(page);
  await page.goto(`/integrations/${id}/wizard`);
  await page.getByRole('tab', { name: 'Field mappings' }).click();
  await choose(page, 'Create (POST) row 1 kind', 'Expression');
  const editor = page.getByRole('textbox', { name: 'Create (POST) row 1 expression' });
  await editor.click();
  await page.keyboard.type('record.ti');
  const completions = page.locator('.cm-tooltip-autocomplete');
  await expect(completions).toContainText('record.title');
  await shot('01-autocomplete');
  await page.keyboard.press('Enter');
  await expect(editor).toHaveText('record.title');

  const row = page.getByTestId('expression-editor').first();
  await expect(row.getByTestId('expression-result')).toContainText(/= ".+"/);
  await page.keyboard.type(' +');
  await expect(row.getByTestId('expression-error')).toContainText('line 1, column 15');
  // Marked in the text where it stops making sense: the "+" with nothing after it.
  await expect(row.locator('.cm-lintRange-error')).toHaveText('+');
  await shot('02-syntax-error');

  // The step refuses to continue and names the field.
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('short_description');
  await shot('03-refused');

  // Fixed, it saves; the Review step tests the draft on live data too.
  await editor.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(editor).toHaveText('record.title');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  // Saved: the wizard moved on to the schedule.
  await expect(page.getByTestId('expression-editor')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Test with live data' }).click();
  const results = page.getByRole('region', { name: 'Test run' });
  await expect(results.getByRole('status')).toContainText(/\d+ create/);
  await results.getByRole('row').nth(1).click();
  // The create body holds the expression's value: the record's title as is.
  await slidIn(page, page.getByRole('region', { name: /^Test record / }));
  const body = page.getByRole('table', { name: 'Create body' });
  await expect(body.getByRole('row', { name: /short_description/ })).not.toContainText('PG-');
  await shot('04-review-test-run');
});

test('canvas: an edge deleted with the keyboard, a node inserted with "+", the flow in view beside the panel', async ({
  page,
  env,
  shot,
}) => {
  const { id } = await apiIntegration(env, 'Builder canvas');
  await signIn(page);
  await page.goto(`/integrations/${id}/canvas`);
  const canvas = page.getByTestId('canvas');
  await expect(page.getByTestId('node-source')).toBeVisible();
  await expect(page.getByText('drop it on an edge or click + on the edge')).toBeVisible();
  await expect(page.getByTestId('node-destination').getByTestId('node-facts')).toContainText('Writes');
  await expect.poll(() => smallestNodeText(page)).toBeGreaterThanOrEqual(12);
  await shot('01-canvas');

  // An edge selected by a click and removed with Delete; undo brings it back.
  const edge = page.getByLabel('Edge from Status map to Destination');
  await expect(edge).toHaveCount(1);
  await edge.click();
  await expect(edge).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(edge).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Problems' })).toBeVisible();
  await shot('02-edge-deleted');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(edge).toHaveCount(1);

  // "+" on the source → field map edge inserts a filter there, from a config whose problem reads in words.
  await page.getByRole('button', { name: 'Insert a node on the edge source->field-map' }).click();
  await page.getByRole('menuitem', { name: /^Filter/ }).click();
  const filter = page.getByTestId('node-filter');
  await expect(filter).toBeVisible();
  await expect(page.getByLabel('Edge from Source to Filter')).toHaveCount(1);
  await expect(page.getByLabel('Edge from Filter to Field map')).toHaveCount(1);
  await expect(filter.getByRole('note')).toContainText('Rule: not set yet');
  await expect(page.getByText('Invalid input')).toHaveCount(0);

  // The settings panel lies over the canvas; the whole flow stays in view beside it.
  const panel = page.getByRole('complementary', { name: 'Node settings' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('note').first()).toContainText('Rule: not set yet');
  const frame = (await canvas.boundingBox())!;
  expect(frame.width).toBeGreaterThan(700);
  await expect
    .poll(async () => {
      const side = (await panel.boundingBox())!;
      const boxes = await page.locator('.react-flow__node').evaluateAll((nodes) =>
        nodes.map((n) => {
          const r = n.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      return boxes.length === 5 && boxes.every((box) => inside(box, frame) && box.x + box.width <= side.x);
    })
    .toBe(true);
  await shot('03-inserted-panel-open');

  // Closed, the view fits the flow across the whole canvas again: it zooms back in.
  const besidePanel = await smallestNodeText(page);
  await panel.getByRole('button', { name: 'Close the node settings' }).click();
  await expect(panel).toHaveCount(0);
  await expect.poll(() => smallestNodeText(page)).toBeGreaterThan(besidePanel * 1.5);
  await shot('04-panel-closed');

  // An edge picked while a node's settings are open: Delete removes the edge only.
  await filter.click();
  await expect(panel).toBeVisible();
  const after = page.getByLabel('Edge from Filter to Field map');
  await after.click();
  await expect(panel).toHaveCount(0);
  await page.keyboard.press('Backspace');
  await expect(after).toHaveCount(0);
  await expect(filter).toHaveCount(1);
});
