import type { Page } from '@playwright/test';
import type { Env } from './fixtures.js';

export const PLANGRID_KEY = 'pg-demo-key';
export const NUVOLO = { username: 'admin', password: 'nuvolo-demo' };

/** The first project of the PlanGrid simulator, as a user would copy it from PlanGrid. */
export async function plangridProject(env: Env): Promise<string> {
  const response = await fetch(`${env.plangridUrl}/projects`, {
    headers: {
      accept: 'application/vnd.plangrid+json; version=1',
      authorization: `Basic ${Buffer.from(`${PLANGRID_KEY}:`).toString('base64')}`,
    },
  });
  const body = (await response.json()) as { data: { uid: string }[] };
  return body.data[0]!.uid;
}

/** Picks an option of a MUI select by the select's accessible name. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}
