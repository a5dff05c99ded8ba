import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  createLogger,
  generateMasterKey,
  keyring,
  openSqliteStore,
  type Role,
  type Store,
  type Tenant,
  type User,
} from '@isync/core';
import { InProcessScheduler } from '@isync/executor';
import { createApp, type App } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { MemoryLoginThrottle } from '../auth/throttle.js';
import { platformTenant } from '../bootstrap.js';
import { Metrics } from '../metrics.js';
import { DEFAULT_API_SETTINGS, type ApiDependencies } from '../deps.js';
import { NUVOLO_PASSWORD, PLANGRID_KEY } from './simulator-connections.js';

export const PASSWORD = 'correct horse battery staple';

/** Everything the API wrote to its log and answered, for the secret-leak scan. */
export interface Transcript {
  logLines: string[];
  responses: string[];
}

/** Where a client's requests go: the app in this process, or an API process over HTTP. */
export interface Requester {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** Requests to an API process at `baseUrl` over HTTP. */
export const overHttp = (baseUrl: string): Requester => ({
  request: (path, init) => fetch(new URL(path, baseUrl), init),
});

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class ApiClient {
  private cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(
    private readonly app: Requester,
    private readonly transcript: Transcript,
    private readonly bearer: string | null = null,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const sent: Record<string, string> = { ...headers };
    if (body !== undefined) sent['content-type'] = 'application/json';
    if (this.cookie) sent.cookie = this.cookie;
    if (this.bearer) sent.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && !['GET', 'HEAD'].includes(method)) sent['x-csrf-token'] = this.csrfToken;
    const response = await this.app.request(path, {
      method,
      headers: sent,
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await response.text();
    this.transcript.responses.push(text, headersText(response.headers));
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, json: json as Record<string, any>, text };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);

  async login(email: string, password = PASSWORD) {
    const answer = await this.post('/api/auth/login', { email, password });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.text}`);
    this.csrfToken = answer.json.csrfToken;
    return answer;
  }
}

export interface TenantWithUsers {
  tenant: Tenant;
  users: Record<Exclude<Role, 'platform-admin'>, User>;
}

export interface ApiWorld {
  app: App;
  deps: ApiDependencies;
  store: Store;
  scheduler: InProcessScheduler;
  transcript: Transcript;
  platformAdmin: User;
  /** Tenant "acme" and tenant "globex", each with a tenant admin, an editor and a viewer. */
  acme: TenantWithUsers;
  globex: TenantWithUsers;
  /** A client signed in as this user. */
  as(user: User): Promise<ApiClient>;
  anonymous(): ApiClient;
  /** A client authenticating with an API token (no cookie, no CSRF). */
  withToken(token: string): ApiClient;
  close(): Promise<void>;
}

export async function apiWorld(): Promise<ApiWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'isync-api-'));
  const transcript: Transcript = { logLines: [], responses: [] };
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        transcript.logLines.push(String(chunk));
        done();
      },
    }),
  });
  const store = openSqliteStore({ file: join(dir, 'isync.db') });
  const ring = keyring(generateMasterKey());
  const metrics = new Metrics();
  const scheduler = new InProcessScheduler(
    { store, keyring: ring, logger, observer: metrics },
    // A run still going when a test ends is stopped within 2 s and aborted 2 s later: closing a world stays
    // well inside the 10 s hook timeout even on a busy machine (issue 18 item 9).
    { concurrency: 2, closeGraceMs: 2_000 },
  );
  const deps: ApiDependencies = {
    store,
    logger,
    keyring: ring,
    scheduler,
    // The simulators run on loopback, which is on the outbound floor: the operator allows it here.
    settings: { ...DEFAULT_API_SETTINGS, operatorAllowedHosts: ['localhost', '127.0.0.0/8', '::1'] },
    throttle: new MemoryLoginThrottle({ perAccount: 5, perAddress: 50, windowMs: 15 * 60_000 }),
    clock: () => new Date(),
    setup: { token: null },
    metrics,
  };
  const app = createApp(deps);
  const passwordHash = await hashPassword(PASSWORD);
  const platform = await platformTenant(store);
  const platformAdmin = await store.users.create(platform.id, {
    email: 'root@isync.test',
    name: 'Root',
    role: 'platform-admin',
    passwordHash,
  });
  const tenantWithUsers = async (slug: string): Promise<TenantWithUsers> => {
    const tenant = await store.tenants.create({ name: slug[0]!.toUpperCase() + slug.slice(1), slug });
    const user = (role: Exclude<Role, 'platform-admin'>) =>
      store.users.create(tenant.id, {
        email: `${role}@${slug}.test`,
        name: `${role} of ${slug}`,
        role,
        passwordHash,
      });
    return {
      tenant,
      users: {
        'tenant-admin': await user('tenant-admin'),
        editor: await user('editor'),
        viewer: await user('viewer'),
      },
    };
  };
  const acme = await tenantWithUsers('acme');
  const globex = await tenantWithUsers('globex');
  return {
    app,
    deps,
    store,
    scheduler,
    transcript,
    platformAdmin,
    acme,
    globex,
    async as(user) {
      const client = new ApiClient(app, transcript);
      await client.login(user.email);
      return client;
    },
    anonymous: () => new ApiClient(app, transcript),
    withToken: (token) => new ApiClient(app, transcript, token),
    async close() {
      await scheduler.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      const leaked = leakedSecrets(transcript, fixtureSecrets({ deps }));
      if (leaked.length > 0)
        throw new Error(`a response or log line showed ${leaked.length} fixture secret(s)`);
    },
  };
}

/** A response's headers for the leak scan; Set-Cookie is where a session is handed over, so it is left out. */
export function headersText(headers: Headers): string {
  return [...headers]
    .filter(([name]) => name !== 'set-cookie')
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/**
 * The secrets every API test's fixtures use: the users' password, the simulators' credentials and the
 * world's master key. `close()` fails the test whose responses or logs show one of them.
 */
export const fixtureSecrets = (world: Pick<ApiWorld, 'deps'>): string[] => [
  PASSWORD,
  PLANGRID_KEY,
  NUVOLO_PASSWORD,
  world.deps.keyring.current.key.toString('base64'),
];

/** Fails when any secret appears in a response or a log line the suite produced. */
export function leakedSecrets(transcript: Transcript, secrets: readonly string[]): string[] {
  const everything = [...transcript.responses, ...transcript.logLines];
  return secrets.filter((secret) => everything.some((text) => text.includes(secret)));
}
