import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { apiWorld, type ApiWorld } from '../testing/api-world.js';

describe('the built editor served at /', () => {
  let world: ApiWorld;
  let dist: string;
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    world = await apiWorld();
    dist = mkdtempSync(join(tmpdir(), 'isync-editor-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>iSync</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    app = createApp(world.deps, { editorDist: dist });
  });
  afterEach(async () => {
    await world.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers the app at / and at any page path, and its assets with their type', async () => {
    for (const path of ['/', '/integrations', '/runs/abc/trace']) {
      const page = await app.request(path);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>iSync</title>');
    }
    const asset = await app.request('/assets/app.js');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('leaves the API, embed pages, missing files and paths outside the build alone', async () => {
    const api = await app.request('/api/no-such-route');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await app.request('/embed/runs')).status).toBe(401);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    expect(await (await app.request('/assets/..%2f..%2f..%2fetc%2fpasswd')).text()).not.toContain('root:');
  });

  it('answers 404 for pages when the editor is not built', async () => {
    const bare = createApp(world.deps, { editorDist: join(dist, 'nothing-here') });
    expect((await bare.request('/integrations')).status).toBe(404);
  });
});

describe('security headers', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(() => world.close());

  it('editor pages may be framed only by iSync itself; every answer says nosniff and a referrer policy', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'isync-editor-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>iSync</title>');
    const app = createApp(world.deps, { editorDist: dist });
    try {
      for (const path of ['/', '/integrations', '/api/auth/me', '/%']) {
        const answer = await app.request(path);
        expect(answer.headers.get('content-security-policy'), path).toContain("frame-ancestors 'self'");
        expect(answer.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
        expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(answer.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      }
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
