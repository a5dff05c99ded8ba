import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('config', () => {
  it('runs embedded with defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      store: 'sqlite',
      scheduler: 'in-process',
      logLevel: 'info',
      demo: false,
      previousMasterKeys: [],
      retentionDays: 30,
      eventRetentionDays: 365,
    });
  });

  it('reads retention periods in days', () => {
    expect(loadConfig({ ISYNC_RETENTION_DAYS: '7', ISYNC_EVENT_RETENTION_DAYS: '90' })).toMatchObject({
      retentionDays: 7,
      eventRetentionDays: 90,
    });
    expect(loadConfig({ ISYNC_RETENTION_DAYS: '' })).toMatchObject({ retentionDays: 30 });
  });

  it('switches to queue mode when MONGODB_URL and REDIS_URL are set', () => {
    const config = loadConfig({ MONGODB_URL: 'mongodb://db:27017/isync', REDIS_URL: 'redis://cache:6379' });
    expect(config).toMatchObject({ store: 'mongodb', scheduler: 'bullmq' });
  });

  it('runs every role in one process unless ISYNC_ROLE picks one, which needs REDIS_URL', () => {
    expect(loadConfig({})).toMatchObject({ role: 'all', queuePrefix: 'isync', queueLockMs: 60_000 });
    expect(loadConfig({ ISYNC_QUEUE_LOCK_MS: '5000' })).toMatchObject({ queueLockMs: 5000 });
    expect(() => loadConfig({ ISYNC_QUEUE_LOCK_MS: '10' })).toThrow(/ISYNC_QUEUE_LOCK_MS/);
    const executor = {
      ISYNC_ROLE: 'executor',
      REDIS_URL: 'redis://cache:6379',
      ISYNC_QUEUE_PREFIX: 'isync-eu',
    };
    expect(loadConfig(executor)).toMatchObject({
      role: 'executor',
      queuePrefix: 'isync-eu',
      scheduler: 'bullmq',
    });
    expect(() => loadConfig({ ISYNC_ROLE: 'api' })).toThrow(/REDIS_URL: is required for the api role/);
    expect(() => loadConfig({ ISYNC_ROLE: 'worker', REDIS_URL: 'redis://cache:6379' })).toThrow(
      /ISYNC_ROLE: must be all, api or executor/,
    );
    expect(() => loadConfig({ ISYNC_QUEUE_PREFIX: 'a b' })).toThrow(/ISYNC_QUEUE_PREFIX/);
  });

  it('allows private connection hosts embedded and refuses them with MongoDB, unless told', () => {
    expect(loadConfig({}).allowPrivateHosts).toBe(true);
    expect(loadConfig({ MONGODB_URL: 'mongodb://db/isync', ISYNC_MASTER_KEY: '' }).allowPrivateHosts).toBe(
      false,
    );
    expect(
      loadConfig({ MONGODB_URL: 'mongodb://db/isync', ISYNC_ALLOW_PRIVATE_HOSTS: '1' }).allowPrivateHosts,
    ).toBe(true);
    expect(loadConfig({ ISYNC_SECURE_COOKIES: 'true' }).secureCookies).toBe(true);
  });

  it('treats empty variables as unset and reads flags', () => {
    expect(loadConfig({ MONGODB_URL: '', ISYNC_DEMO: '1', PORT: '0' })).toMatchObject({
      store: 'sqlite',
      demo: true,
      port: 0,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ ISYNC_EXECUTOR_CONCURRENCY: '0' }, 'ISYNC_EXECUTOR_CONCURRENCY'],
    [{ ISYNC_RETENTION_DAYS: '0' }, 'ISYNC_RETENTION_DAYS'],
    [{ ISYNC_RETENTION_DAYS: 'a month' }, 'ISYNC_RETENTION_DAYS'],
    [{ ISYNC_EVENT_RETENTION_DAYS: '1.5' }, 'ISYNC_EVENT_RETENTION_DAYS'],
    [{ ISYNC_RETENTION_DAYS: '400' }, 'ISYNC_EVENT_RETENTION_DAYS'],
    [{ MONGODB_URL: 'postgres://x' }, 'MONGODB_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ISYNC_MASTER_KEY: 'not base64!' }, 'ISYNC_MASTER_KEY'],
    [{ ISYNC_ADMIN_EMAIL: 'admin@acme.test' }, 'ISYNC_ADMIN_PASSWORD'],
    [{ ISYNC_ADMIN_EMAIL: 'admin@acme.test', ISYNC_ADMIN_PASSWORD: 'short' }, 'ISYNC_ADMIN_PASSWORD'],
  ])('refuses %o with an error naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
    expect((error as ConfigError).details).toEqual({ variable });
  });
});

describe('outbound floor and proxies', () => {
  it('reads the operator’s floor exceptions and trusted proxies, none by default', () => {
    expect(loadConfig({})).toMatchObject({ allowedHosts: [], trustedProxies: [] });
    expect(
      loadConfig({
        ISYNC_ALLOWED_HOSTS: ' 127.0.0.1, LOCALHOST,fd00::/8 ',
        ISYNC_TRUSTED_PROXIES: '10.0.0.0/8',
      }),
    ).toMatchObject({ allowedHosts: ['127.0.0.1', 'localhost', 'fd00::/8'], trustedProxies: ['10.0.0.0/8'] });
    expect(() => loadConfig({ ISYNC_TRUSTED_PROXIES: 'http://proxy' })).toThrow(/ISYNC_TRUSTED_PROXIES/);
  });
});
