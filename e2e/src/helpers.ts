import { expect, type Page } from '@playwright/test';
import { ApiSession } from './api-client.js';
import { TENANT_ADMIN } from './global-setup.js';
import type { Env } from './fixtures.js';

export const PLANGRID_KEY = 'pg-demo-key';
export const NUVOLO = { username: 'admin', password: 'nuvolo-demo' };

/** The first project of the PlanGrid simulator: its uid, and the name a user picks it by. */
export async function plangridProject(env: Env): Promise<{ uid: string; name: string }> {
  const response = await fetch(`${env.plangridUrl}/projects`, {
    headers: {
      accept: 'application/vnd.plangrid+json; version=1',
      authorization: `Basic ${Buffer.from(`${PLANGRID_KEY}:`).toString('base64')}`,
    },
  });
  const body = (await response.json()) as { data: { uid: string; name: string }[] };
  return body.data[0]!;
}

/** Picks an option of a MUI select by the select's accessible name. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
  // The menu fades out: wait, so that what follows (a screenshot, a click) sees the page under it.
  await expect(page.getByRole('listbox')).toBeHidden();
}

/** An integration made through the API (the wizard's five steps), as a starting point for a screen's test. */
export async function apiIntegration(env: Env, title: string, options: { activate?: boolean } = {}) {
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
  const { id } = await api.call<{ id: string }>('POST', '/api/integrations', { title, description: '' });
  await api.call('PUT', `/api/integrations/${id}/source`, {
    connectionId: source.id,
    object: 'issues',
    project: (await plangridProject(env)).uid,
  });
  await api.call('PUT', `/api/integrations/${id}/destination`, {
    connectionId: destination.id,
    object: 'x_nuvo_eam_facilities_work_orders',
  });
  const mapping = [
    { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
  ];
  await api.call('PUT', `/api/integrations/${id}/mappings`, { create: mapping, update: mapping });
  await api.call('PUT', `/api/integrations/${id}/settings`, {
    schedule: { kind: 'interval', everySeconds: 86400 },
    dateRange: { from: null, to: null },
    timezone: 'UTC',
    statusMappings: [
      { from: 'open', to: 'Open' },
      { from: 'in_review', to: 'Work in Progress' },
      { from: 'pending', to: 'On Hold' },
      { from: 'closed', to: 'Closed Complete' },
    ],
  });
  if (options.activate) await api.call('POST', `/api/integrations/${id}/activate`);
  return { id, api };
}

/** Changes an issue in the PlanGrid simulator, as a PlanGrid user would: the next pull finds it changed. */
export async function editPlanGridIssue(
  env: Env,
  project: string,
  issue: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${env.plangridUrl}/projects/${project}/issues/${issue}`, {
    method: 'PATCH',
    headers: {
      accept: 'application/vnd.plangrid+json; version=1',
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${PLANGRID_KEY}:`).toString('base64')}`,
    },
    body: JSON.stringify(patch),
  });
  if (!response.ok)
    throw new Error(`PATCH issue ${issue} answered ${response.status}: ${await response.text()}`);
}
