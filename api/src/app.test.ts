import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, openSqliteStore, type Store } from '@isync/core';
import { createApp } from './app.js';

const quietLogger = () =>
  createLogger({ level: 'info', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

describe('operations routes', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
  });
  afterEach(() => store.close());

  it('answers /healthz with the store kind', async () => {
    const response = await createApp({ store, logger: quietLogger() }).request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: 'sqlite' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers /readyz 503 when the store is gone', async () => {
    const app = createApp({ store, logger: quietLogger() });
    expect((await app.request('/readyz')).status).toBe(200);
    await store.close();
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', store: false });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await createApp({ store, logger: quietLogger() }).request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/nothing-here.', details: {} },
    });
  });
});
