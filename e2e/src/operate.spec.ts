import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteStore, type RunCounts } from '@isync/core';
import type { Page } from '@playwright/test';
import type { ApiSession } from './api-client.js';
import { expect, signIn, test, type Env } from './fixtures.js';
import { apiIntegration, choose } from './helpers.js';

/** Plans a fault on a simulator's control plane (cleared with DELETE). */
const fault = (url: string, method: 'POST' | 'DELETE', body?: unknown) =>
  fetch(`${url}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

interface SimState {
  state: { projects: { project: { uid: string }; issues: Record<string, unknown>[] }[] };
}

/**
 * Gives the first PlanGrid project `extra` more issues (copies of its first, each its own), so a run has
 * several push batches to go through; answers how to put the simulator back as it was.
 */
async function morePlanGridIssues(env: Env, extra: number): Promise<() => Promise<void>> {
  const saved = await (await fetch(`${env.plangridUrl}/__sim/state`)).text();
  const snapshot = JSON.parse(saved) as SimState;
  const project = snapshot.state.projects[0]!;
  const model = project.issues[0]!;
  const base = Date.parse(String(model.updated_at));
  for (let i = 0; i < extra; i += 1) {
    const uid = randomUUID();
    const path = `/projects/${project.project.uid}/issues/${uid}`;
    project.issues.push({
      ...model,
      uid,
      number: 10_000 + i,
      title: `Snag ${i + 1} found on the walk-through`,
      updated_at: new Date(base + i * 1000).toISOString(),
      photos: { total_count: 0, url: `${path}/photos` },
      comments: { total_count: 0, url: `${path}/comments` },
    });
  }
  const put = (body: string) =>
    fetch(`${env.plangridUrl}/__sim/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    });
  expect((await put(JSON.stringify(snapshot))).ok).toBe(true);
  return async () => {
    expect((await put(saved)).ok).toBe(true);
  };
}

/**
 * Run now through the API. `working`: the run that does the work — the one going (activation's first run)
 * when the asked one waits behind it; `asked`: the asked one.
 */
async function runNow(api: ApiSession, integrationId: string) {
  const answer = await api.call<{ run: { id: string }; queuedBehind: string | null }>(
    'POST',
    `/api/integrations/${integrationId}/run`,
  );
  return { working: answer.queuedBehind ?? answer.run.id, asked: answer.run.id };
}

async function waitForRun(api: ApiSession, runId: string, timeout = 60_000): Promise<string> {
  let status = '';
  await expect
    .poll(
      async () => {
        status = (await api.call<{ status: string }>('GET', `/api/runs/${runId}`)).status;
        return status === 'queued' || status === 'running';
      },
      { timeout },
    )
    .toBe(false);
  return status;
}

const doneOf = (text: string) => Number(/^(\d+) done/.exec(text)?.[1] ?? NaN);

test('a run against a slow Nuvolo shows its progress rising before it ends', async ({ page, env, shot }) => {
  test.setTimeout(180_000);
  const restore = await morePlanGridIssues(env, 420);
  try {
    // Every create held 400 ms: some 435 records go through in batches of 200, slowly.
    const slow = { path: '*work_orders*', method: 'POST', fault: 'slow', delayMs: 400 };
    expect((await fault(env.nuvoloUrl, 'POST', slow)).ok).toBe(true);
    const { id, api } = await apiIntegration(env, 'Slow Nuvolo', { activate: true });
    const { working } = await runNow(api, id);

    await signIn(page);
    // The runs list follows the going run too: its progress figure changes without a reload.
    await page.goto(`/runs?integrationId=${id}`);
    const listed = page.getByTestId('run-row').filter({ has: page.getByTestId('run-progress') });
    await expect(listed.getByTestId('run-progress')).toContainText('pulled so far');
    const before = (await listed.getByTestId('run-progress').textContent()) ?? '';
    await expect(listed.getByTestId('run-progress')).not.toHaveText(before, { timeout: 30_000 });
    await shot('00-runs-list-running');

    await page.goto(`/runs/${working}`);
    const status = page.getByTestId('run-status');
    const progress = page.getByTestId('run-progress');

    // Read what the page says every few hundred ms, until the run ends: the done figures seen while running.
    const seen: number[] = [];
    let shotTaken = false;
    await expect
      .poll(
        async () => {
          const now = (await status.textContent()) ?? '';
          // (Read without waiting: the bar goes away the moment the run ends.)
          const [text] = await progress.allTextContents();
          if (now === 'running' && text) {
            const done = doneOf(text);
            if (!Number.isNaN(done) && seen.at(-1) !== done) seen.push(done);
            if (!shotTaken && done > 0) {
              shotTaken = true;
              await shot('01-run-progress');
            }
          }
          return now;
        },
        { timeout: 150_000, intervals: [300] },
      )
      .toMatch(/^(succeeded|partial|failed|canceled)$/);
    expect(await status.textContent()).toBe('succeeded');
    // At least two different figures, rising, seen before the end.
    expect(seen.length, `done figures seen while running: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
    await expect(progress).toHaveCount(0);
    // The figures the run ends with, as the API tells them: every issue pulled and created.
    const { counts } = await api.call<{ counts: RunCounts }>('GET', `/api/runs/${working}`);
    expect(counts.pulled).toBeGreaterThan(420);
    expect(counts.created).toBe(counts.pulled);
    await expect(page.getByTestId('run-counts')).toContainText(
      `pulled ${counts.pulled} · unchanged 0 · created ${counts.created}`,
    );
    expect(seen.at(-1)!).toBeLessThan(counts.pulled);
    await shot('02-run-finished');

    // The runs list: the run with its unchanged column, and no progress bar once nothing is going.
    await page.goto(`/runs?integrationId=${id}`);
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect(runs.getByRole('columnheader', { name: 'Unchanged' })).toBeVisible();
    await expect(runs.getByRole('row').filter({ hasText: 'succeeded' }).first()).toBeVisible();
    await expect(page.getByTestId('run-progress')).toHaveCount(0);
    await shot('03-runs-list');
  } finally {
    await fault(env.nuvoloUrl, 'DELETE');
    await restore();
  }
});

test('250 runs are reached page by page, each page telling the total', async ({ page, env, shot }) => {
  test.setTimeout(120_000);
  const { id, api } = await apiIntegration(env, 'Every minute for hours');
  const me = await api.call<{ tenant: { id: string } }>('GET', '/api/auth/me');
  // Past runs of a one-minute schedule, written to the app's store as the scheduler would have.
  const store = openSqliteStore({ file: join(process.env.E2E_DATA_DIR!, 'isync.db') });
  const start = Date.parse('2026-03-01T08:00:00.000Z');
  const counts = (i: number): RunCounts => ({
    pulled: i % 7,
    new: 0,
    changed: i % 7,
    unchanged: 0,
    skipped: 0,
    created: 0,
    linked: 0,
    updated: i % 7,
    failed: 0,
    recovered: 0,
    waiting: 0,
  });
  let oldest = '';
  try {
    for (let i = 0; i < 250; i += 1) {
      const at = new Date(start + i * 60_000);
      const run = await store.runs.start(
        me.tenant.id,
        { integrationId: id, planVersion: 1, trigger: 'schedule', cursorBefore: null },
        at,
      );
      await store.runs.finish(
        me.tenant.id,
        run.id,
        { status: 'succeeded', counts: counts(i), cursorAfter: null, nodeTraces: [] },
        new Date(at.getTime() + 1500),
      );
      if (i === 0) oldest = run.id;
    }
  } finally {
    await store.close();
  }

  await signIn(page);
  await page.getByRole('link', { name: 'Runs' }).click();
  await choose(page, 'Integration', 'Every minute for hours');
  const shown = page.getByRole('status', { name: 'Runs shown' });
  await expect(shown).toHaveText('1–50 of 250');
  await shot('01-first-page');
  const rows = page.getByTestId('run-row');
  const firstOfPage = async () => (await rows.first().getByRole('link').textContent()) ?? '';
  const seenFirst = new Set<string>([await firstOfPage()]);
  for (let pageNo = 2; pageNo <= 5; pageNo += 1) {
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(shown).toHaveText(`${(pageNo - 1) * 50 + 1}–${pageNo * 50} of 250`);
    await expect(rows).toHaveCount(50);
    seenFirst.add(await firstOfPage());
  }
  expect(seenFirst.size).toBe(5);
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  // The oldest run (08:00 on 1 March) is the last row of the last page.
  await expect(rows.last().getByRole('link')).toHaveAttribute('href', `/runs/${oldest}`);
  await shot('02-last-page');

  // The place is in the URL: a reload stays on page 5, Back goes to page 4, Previous to page 3.
  await page.reload();
  await expect(shown).toHaveText('201–250 of 250');
  await page.goBack();
  await expect(shown).toHaveText('151–200 of 250');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(shown).toHaveText('101–150 of 250');
  await expect(page).toHaveURL(new RegExp(`integrationId=${id}`));
});

/** The inbox row of a record, found by its source id (titles can repeat across records). */
const rowOf = (page: Page, sourceId: string) =>
  page.getByTestId('exception-row').filter({ hasText: sourceId });

test('an exception resolves itself once its replay goes through, its row naming the record', async ({
  page,
  env,
  shot,
}) => {
  test.setTimeout(120_000);
  // Every create refused with a 500 while the integration's first runs go.
  expect(
    (await fault(env.nuvoloUrl, 'POST', { path: '*work_orders*', method: 'POST', fault: '500' })).ok,
  ).toBe(true);
  const { id, api } = await apiIntegration(env, 'Replay heals', { activate: true });
  type Row = { id: string; record: { id: string; sourceId: string; title: string | null } | null };
  let exception: Row | undefined;
  try {
    const { working, asked } = await runNow(api, id);
    await waitForRun(api, working);
    await waitForRun(api, asked);
    const open = await api.call<{ items: Row[] }>(
      'GET',
      `/api/exceptions?integrationId=${id}&resolved=false&limit=5`,
    );
    exception = open.items.find((e) => e.record?.title);
  } finally {
    expect((await fault(env.nuvoloUrl, 'DELETE')).ok).toBe(true);
  }
  expect(exception, 'an open exception naming its record').toBeDefined();
  const record = exception!.record!;

  await signIn(page);
  await page.goto(`/exceptions?integrationId=${id}`);
  const row = rowOf(page, record.sourceId);
  await expect(row).toContainText(record.title!);
  await expect(row).toContainText('Nuvolo answered 500');
  await expect(row).toContainText('Open');
  await shot('01-open');

  // The whole row opens the detail; its title is not under the app bar.
  await row.getByRole('cell').nth(1).click();
  const drawer = page.getByRole('region', { name: 'Exception detail' });
  await expect(drawer.getByTestId('exception-record')).toContainText(record.title!);
  const heading = drawer.getByRole('heading', { level: 2 });
  // (The app bar is not in the accessibility tree while the drawer is open.)
  const bar = (await page.locator('header').boundingBox())!;
  expect((await heading.boundingBox())!.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  await shot('02-detail');

  await drawer.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByText('1 record queued for replay.')).toBeVisible();
  // Records whose retry came due meanwhile go with it: at least the replayed one is pushed, none fails.
  await expect(page.getByText(/Replay finished: [1-9]\d* pushed, 0 failed/)).toBeVisible({ timeout: 60_000 });
  // The drawer follows the row: resolved by the replay run.
  await expect(drawer.getByTestId('exception-state')).toContainText('Resolved', { timeout: 15_000 });
  await expect(drawer.getByTestId('exception-state')).toContainText('the run its record went through in');
  await shot('03-replayed');
  await drawer.getByRole('button', { name: 'Close' }).click();

  // Open exceptions no longer list it; resolved ones do, by the run, with the record's title.
  await expect(rowOf(page, record.sourceId)).toHaveCount(0);
  await choose(page, 'Resolved', 'Resolved');
  await expect(page).toHaveURL(/resolved=true/);
  const resolved = rowOf(page, record.sourceId);
  await expect(resolved).toContainText(record.title!);
  await expect(resolved).toContainText('Resolved');
  await expect(resolved.getByRole('link', { name: 'a run' })).toBeVisible();
  await shot('04-resolved');
});
