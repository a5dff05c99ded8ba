import { expect, signIn, test } from './fixtures.js';
import { apiIntegration, plangridProject } from './helpers.js';

test('canvas: a filter dropped between two nodes, its problem fixed, saved, seen in the wizard', async ({
  page,
  env,
  shot,
}) => {
  const { id } = await apiIntegration(env, 'Canvas edits');
  await signIn(page);
  await page.goto(`/integrations/${id}/canvas`);
  const source = page.getByTestId('node-source');
  const fieldMap = page.getByTestId('node-field-map');
  await expect(source).toBeVisible();
  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  // The source's project is shown by name, picked from those the PlanGrid account reaches.
  await source.click();
  const settings = page.getByRole('complementary', { name: 'Node settings' });
  await expect(settings.getByRole('combobox', { name: 'Project' })).toHaveText(
    (await plangridProject(env)).name,
  );
  await shot('01-canvas');

  // Drop a filter on the edge between the source and the field map.
  const canvas = page.getByTestId('canvas');
  const [a, b, box] = [
    (await source.boundingBox())!,
    (await fieldMap.boundingBox())!,
    (await canvas.boundingBox())!,
  ];
  const middle = {
    x: (a.x + a.width + b.x) / 2 - box.x,
    y: (a.y + a.height / 2 + b.y + b.height / 2) / 2 - box.y,
  };
  await page.getByTestId('palette-filter').dragTo(canvas, { targetPosition: middle });
  const filter = page.getByTestId('node-filter');
  await expect(filter).toBeVisible();
  await expect(filter.getByRole('note')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText(/rule/i);
  await shot('02-problem');

  // Fix the rule in the side panel rendered from the node type.
  await filter.click();
  await page.getByLabel('Rule').fill('{"==": [{"var": "status"}, "open"]}');
  await page.getByLabel('In words').fill('Only open tasks');
  await expect(filter.getByRole('note')).toHaveCount(0);
  await expect(page.getByText('No problems: the flow compiles.')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Draft saved — publish to make it live')).toBeVisible();
  await shot('03-saved');

  // The wizard shows the same flow.
  await page.getByRole('link', { name: 'Open the wizard' }).click();
  await page.getByRole('tab', { name: 'Field mappings' }).click();
  const outline = page.getByRole('region', { name: 'Flow' });
  await expect(outline.getByText('Filter', { exact: true })).toBeVisible();
  await expect(page.getByTestId('filter-rule')).toContainText('Only open tasks');
  await expect(page.getByTestId('filter-rule')).toContainText('"open"');
  await shot('04-wizard');
});
