import { createServer, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { apiIntegration } from './helpers.js';
import { freePort } from './processes.js';

/** A partner portal: one page framing the embed URL given in `?src=`, keeping the messages it hears. */
async function portal(): Promise<{ port: number; server: Server }> {
  const port = await freePort();
  const server = createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://portal').searchParams.get('src') ?? '';
    response.setHeader('content-type', 'text/html');
    response.end(`<!doctype html><title>Portal</title><link rel="icon" href="data:,">
<h1>Partner portal</h1>
<iframe title="iSync" src="${src.replace(/"/g, '&quot;')}" style="width:100%;height:700px;border:1px solid #ccc"></iframe>
<script>window.messages=[];addEventListener('message',(e)=>window.messages.push(e.data.type));</script>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server };
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { messages: string[] }).messages);

test('an embed page loads in an iframe on an allowed origin and is refused on another', async ({
  page,
  env,
  shot,
  consoleProblems,
}) => {
  const { id, api } = await apiIntegration(env, 'Embedded', { activate: true });
  const { port, server } = await portal();
  try {
    await api.call('PUT', '/api/embed-origins', { origins: [`http://127.0.0.1:${port}`] });
    const { urls } = await api.call<{ urls: Record<string, string> }>('POST', '/api/embed-tokens', {
      integrationIds: [id],
      views: ['runs', 'dashboard'],
    });
    const src = encodeURIComponent(`${env.baseUrl}${urls.runs}`);

    await page.goto(`http://127.0.0.1:${port}/?src=${src}`);
    const frame = page.frameLocator('iframe[title="iSync"]');
    await expect(frame.getByRole('table', { name: 'Runs' })).toBeVisible();
    await expect(frame.getByText('succeeded').first()).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => heard(page)).toContain('isync:ready');
    expect(await heard(page)).toContain('isync:resize');
    await expect(frame.getByRole('banner')).toHaveCount(0);
    await shot('01-allowed');

    // The same portal on another origin: the browser refuses to frame iSync.
    await page.goto(`http://localhost:${port}/?src=${src}`);
    await expect.poll(() => consoleProblems.some((p) => p.includes('frame-ancestors'))).toBe(true);
    await expect(frame.getByRole('table', { name: 'Runs' })).toHaveCount(0);
    expect(await heard(page)).toEqual([]);
    await shot('02-refused');
    // That refusal is the expected console error; nothing else may be there.
    const unexpected = consoleProblems.filter((p) => !p.includes('frame-ancestors'));
    consoleProblems.splice(0, consoleProblems.length, ...unexpected);
  } finally {
    server.close();
  }
});
