import fc from 'fast-check';
import { serializeSigned } from 'hono/utils/cookie';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateMasterKey, keyring, purposeKey } from '@isync/core';
import { testClock } from '@isync/core/testing';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { MemoryLoginThrottle } from '../auth/throttle.js';
import { sha256Hex } from '../auth/tokens.js';
import { apiWorld, headersText, PASSWORD, type ApiWorld } from '../testing/api-world.js';
import { CaseTally } from '../testing/case-tally.js';
import { serveOnLoopback } from '../testing/loopback-server.js';
import { cookieSet, send, signIn } from '../testing/raw-requests.js';

/*
 * Sessions over HTTP through the app: fixation, idle and absolute expiry, tampered and randomly damaged
 * cookies, CSRF on every cookie-authenticated write, no CORS, API token expiry, sessions ended with their
 * user or tenant, cookie attributes, invitation links, and login throttling (also over a real loopback
 * socket). Each case is counted; any answer other than the expected one is a violation.
 */
const tally = new CaseTally();
/** Random damages per fuzzed credential: a few in `npm test`, RELIABILITY_RUNS × 4 in the full run. */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 12);
const WINDOW_MS = 15 * 60_000;

let world: ApiWorld;
let clock: ReturnType<typeof testClock>;

beforeAll(async () => {
  world = await apiWorld();
});
beforeEach(() => {
  clock = testClock(new Date().toISOString());
  world.deps.clock = clock.now;
  world.deps.throttle = new MemoryLoginThrottle({ perAccount: 5, perAddress: 20, windowMs: WINDOW_MS }, () =>
    clock.now().getTime(),
  );
});
afterAll(async () => {
  console.log(tally.line('sessions'));
  await world.close();
});

const me = (cookie: string) => send(world, 'GET', '/api/auth/me', { cookie });
const email = (role: 'viewer' | 'editor' | 'tenant-admin') => world.acme.users[role].email;
/** The token and signature inside a session cookie. */
const partsOf = (cookie: string) => {
  const value = decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1));
  const dot = value.lastIndexOf('.');
  return { token: value.slice(0, dot), signature: value.slice(dot + 1) };
};
const cookieOf = (token: string, signature: string) =>
  `${SESSION_COOKIE}=${encodeURIComponent(`${token}.${signature}`)}`;
const signedWith = async (secret: string, value: string) =>
  (await serializeSigned(SESSION_COOKIE, value, secret)).split(';')[0]!;
const sessionSecret = () => purposeKey(world.deps.keyring, 'session-cookie').toString('base64url');

describe('session fixation', () => {
  it('never adopts a session id the browser brought; a login always starts a new session', async () => {
    const from = tally.violations.length;
    const planted = `${SESSION_COOKIE}=iss_chosen-by-an-attacker`;
    const victim = await signIn(world, email('editor'), { cookie: planted });
    tally.check(
      'login with a planted value sets another cookie',
      victim.cookie === planted ? 'same cookie' : null,
    );
    tally.answer('the planted value is no session', await me(planted), 401, 'unauthorized');
    tally.answer('the new cookie is the session', await me(victim.cookie), 200);

    // An attacker plants their own live session in the victim's browser; the victim then signs in.
    const attacker = await signIn(world, email('viewer'));
    const signedInVictim = await signIn(world, email('editor'), {
      cookie: attacker.cookie,
      csrf: attacker.csrf,
    });
    tally.check(
      "login over another's session issues a new cookie",
      signedInVictim.cookie === attacker.cookie ? 'the planted session was kept' : null,
    );
    const plantedAfterwards = await me(attacker.cookie);
    tally.check(
      "the planted cookie never becomes the victim's session",
      plantedAfterwards.json?.user?.email === email('editor')
        ? 'the attacker is signed in as the victim'
        : null,
    );
    tally.answer('the session a login replaced is ended', plantedAfterwards, 401, 'unauthorized');

    const first = await signIn(world, email('viewer'));
    const second = await signIn(world, email('viewer'));
    tally.check(
      'two logins of one user get two sessions and two CSRF tokens',
      first.cookie === second.cookie || first.csrf === second.csrf ? 'reused' : null,
    );
    expect(tally.since(from)).toEqual([]);
  });

  it('ends the old session at re-login and at logout', async () => {
    const from = tally.violations.length;
    const old = await signIn(world, email('editor'));
    const renewed = await signIn(world, email('editor'), { cookie: old.cookie, csrf: old.csrf });
    tally.answer('the cookie before a re-login is dead', await me(old.cookie), 401, 'unauthorized');
    tally.answer('the cookie after a re-login works', await me(renewed.cookie), 200);

    const logout = await send(world, 'POST', '/api/auth/logout', {
      cookie: renewed.cookie,
      csrf: renewed.csrf,
    });
    tally.answer('logout answers 204', logout, 204);
    tally.check(
      'logout clears the cookie',
      cookieSet(logout) === `${SESSION_COOKIE}=` ? null : cookieSet(logout),
    );
    tally.answer('the cookie after logout is dead', await me(renewed.cookie), 401, 'unauthorized');
    const write = await send(
      world,
      'POST',
      '/api/integrations',
      { cookie: renewed.cookie, csrf: renewed.csrf },
      { title: 'After logout', description: '' },
    );
    tally.answer('a write with the logged-out cookie and its CSRF token', write, 401, 'unauthorized');
    expect(tally.since(from)).toEqual([]);
  });
});

describe('session expiry', () => {
  it('ends a session after 30 idle minutes, keeps an active one, and never revives it', async () => {
    const from = tally.violations.length;
    const session = await signIn(world, email('viewer'));
    for (let step = 1; step <= 4; step++) {
      clock.advance(29 * 60_000);
      tally.answer(`active again after 29 idle minutes (${step})`, await me(session.cookie), 200);
    }
    clock.advance(30 * 60_000);
    tally.answer('after 30 idle minutes', await me(session.cookie), 401, 'unauthorized');
    const stored = await world.store.sessions.findByTokenHash(sha256Hex(partsOf(session.cookie).token));
    tally.check('the idle session is deleted on sight', stored ? 'still stored' : null);
    clock.advance(-60 * 60_000);
    tally.answer('an ended session stays ended when the clock goes back', await me(session.cookie), 401);
    expect(tally.since(from)).toEqual([]);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const from = tally.violations.length;
    const signedInAt = clock.now().getTime();
    const session = await signIn(world, email('editor'));
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      clock.advance(25 * 60_000);
      tally.answer(`active at ${minutes} minutes`, await me(session.cookie), 200);
    }
    clock.set(new Date(signedInAt + 12 * 3_600_000 + 1000).toISOString());
    tally.answer('after 12 hours', await me(session.cookie), 401, 'unauthorized');
    const write = await send(
      world,
      'POST',
      '/api/integrations',
      { cookie: session.cookie, csrf: session.csrf },
      { title: 'Expired', description: '' },
    );
    tally.answer('a write with an expired session', write, 401, 'unauthorized');
    expect(tally.since(from)).toEqual([]);
  });
});

describe('tampered session cookies', () => {
  it('refuses every forged, swapped, truncated or garbage cookie with 401, never a 5xx', async () => {
    const from = tally.violations.length;
    const alice = await signIn(world, email('editor'));
    const bob = await signIn(world, email('viewer'));
    const a = partsOf(alice.cookie);
    const b = partsOf(bob.cookie);
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const otherSecret = purposeKey(keyring(generateMasterKey()), 'session-cookie').toString('base64url');
    const forged: Record<string, string> = {
      'a flipped signature byte': cookieOf(a.token, flip(a.signature, 5)),
      'a flipped token byte': cookieOf(flip(a.token, 10), a.signature),
      "another user's token with this signature": cookieOf(b.token, a.signature),
      "this token with another user's signature": cookieOf(a.token, b.signature),
      'the token signed with another key': await signedWith(otherSecret, a.token),
      'the stored session id, correctly signed': await signedWith(sessionSecret(), sha256Hex(a.token)),
      'a random token, correctly signed': await signedWith(sessionSecret(), 'iss_made-up'),
      'the token without a signature': `${SESSION_COOKIE}=${a.token}`,
      'the signature only': `${SESSION_COOKIE}=${encodeURIComponent(`.${a.signature}`)}`,
      'an empty value': `${SESSION_COOKIE}=`,
      'an oversized value': `${SESSION_COOKIE}=${'x'.repeat(64 * 1024)}.${a.signature}`,
      'bad percent-encoding': `${SESSION_COOKIE}=%E0%A4%A.%ZZ`,
      'quotes and dots': `${SESSION_COOKIE}="...."`,
      'non-ASCII': `${SESSION_COOKIE}=ïss_ünïcødé.${a.signature}`,
      'a prototype key as the name': `__proto__=${a.token}.${a.signature}`,
    };
    for (const [name, cookie] of Object.entries(forged)) {
      tally.answer(`GET with ${name}`, await me(cookie), 401, 'unauthorized');
      const write = await send(
        world,
        'POST',
        '/api/integrations',
        { cookie, csrf: alice.csrf },
        { title: `Forged: ${name}`, description: '' },
      );
      tally.answer(`a write with ${name} and a real CSRF token`, write, 401, 'unauthorized');
    }
    const created = await world.store.integrations.list(world.acme.tenant.id);
    tally.check(
      'no forged write was stored',
      created.items.some((i) => i.title.startsWith('Forged')) ? 'stored' : null,
    );
    const bearers = ['isk_made-up', 'garbage', '', 'a.b.c', `${a.token}.${a.signature}`];
    for (const bearer of bearers)
      tally.answer(
        `Bearer ${bearer.slice(0, 12) || '(empty)'}`,
        await send(world, 'GET', '/api/auth/me', { bearer }),
        401,
      );
    tally.answer('the real cookie still works', await me(alice.cookie), 200);
    expect(tally.since(from)).toEqual([]);
  });
});

describe('randomly damaged session cookies', () => {
  /** Whether two cookie values carry the same token and signature bytes (base64 leaves a few bits unused). */
  const sameCredential = (a: string, b: string) => {
    try {
      const [x, y] = [partsOf(`${SESSION_COOKIE}=${a}`), partsOf(`${SESSION_COOKIE}=${b}`)];
      return (
        x.token === y.token && Buffer.from(x.signature, 'base64').equals(Buffer.from(y.signature, 'base64'))
      );
    } catch {
      return false;
    }
  };

  it('no random change to a real cookie signs in, and none answers 5xx', async () => {
    const from = tally.violations.length;
    const session = await signIn(world, email('editor'));
    const value = session.cookie.slice(SESSION_COOKIE.length + 1);
    const alphabet = fc.constantFrom(...'AZaz09-_.%=+/;" \\'.split(''));
    const damaged = fc.oneof(
      fc
        .tuple(fc.nat(value.length - 1), alphabet)
        .map(([at, char]) => value.slice(0, at) + char + value.slice(at + 1)),
      fc.nat(value.length - 1).map((length) => value.slice(0, length)),
      fc
        .tuple(fc.nat(value.length), fc.string({ minLength: 1, maxLength: 8 }))
        .map(([at, text]) => value.slice(0, at) + text + value.slice(at)),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (cookieValue) => {
        if (sameCredential(cookieValue, value)) return;
        const answer = await me(`${SESSION_COOKIE}=${cookieValue}`);
        tally.answer(
          `GET /api/auth/me with ${JSON.stringify(cookieValue).slice(0, 80)}`,
          answer,
          401,
          'unauthorized',
        );
      }),
      { numRuns: RUNS * 4, endOnFailure: true },
    );
    tally.answer('the undamaged cookie still works', await me(session.cookie), 200);
    expect(tally.since(from)).toEqual([]);
  });
});

describe('sessions over a real loopback socket', () => {
  it('signs in, refuses tampered and oversized cookies without a 5xx, and throttles by the peer address', async () => {
    const from = tally.violations.length;
    const server = await serveOnLoopback(world.app);
    try {
      const over = async (path: string, init: RequestInit = {}) => {
        const response = await fetch(new URL(path, server.url), init);
        // Into the transcript too, for the secret-leak scan at close.
        world.transcript.responses.push(await response.clone().text(), headersText(response.headers));
        return response;
      };
      const login = (password: string) =>
        over('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: email('viewer'), password }),
        });
      const signedIn = await login(PASSWORD);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      const status = async (init: RequestInit) => (await over('/api/auth/me', init)).status;
      tally.check(
        'the cookie works over HTTP',
        (await status({ headers: { cookie } })) === 200 ? null : 'refused',
      );
      const { token, signature } = partsOf(cookie);
      const tampered = cookieOf(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), signature);
      const tamperedStatus = await status({ headers: { cookie: tampered } });
      tally.check('a tampered cookie over HTTP', tamperedStatus === 401 ? null : `got ${tamperedStatus}`);
      const oversized = await status({ headers: { cookie: `${SESSION_COOKIE}=${'x'.repeat(64 * 1024)}` } });
      tally.check(
        'a 64 KB cookie over HTTP is refused, not a 5xx',
        oversized >= 400 && oversized < 500 ? null : `got ${oversized}`,
      );
      for (let attempt = 0; attempt < 5; attempt++) await login('wrong');
      const locked = await login(PASSWORD);
      tally.check('throttled over HTTP', locked.status === 429 ? null : `got ${locked.status}`);
    } finally {
      await server.close();
    }
    expect(tally.since(from)).toEqual([]);
  });
});

describe('CSRF on cookie-authenticated writes', () => {
  /** Every write is audited: the entries of every tenant, to prove refused writes changed nothing. */
  const auditEntries = async () => {
    const tenants = [world.acme.tenant.id, world.globex.tenant.id, world.platformAdmin.tenantId];
    const pages = await Promise.all(tenants.map((id) => world.store.audit.list(id, {}, { limit: 500 })));
    return pages.reduce((sum, page) => sum + page.items.length, 0);
  };

  it('refuses every signed-in write without its own CSRF token; tokens and reads need none', async () => {
    const from = tally.violations.length;
    const document = (await send(world, 'GET', '/api/openapi.json')).json as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const signedInRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security)
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'some-id') })),
    );
    const writes = signedInRoutes.filter(({ method }) => method !== 'GET');
    tally.check('the API has signed-in write routes', writes.length > 20 ? null : `only ${writes.length}`);
    const admin = await signIn(world, world.platformAdmin.email);
    const other = await signIn(world, email('tenant-admin'));
    const auditBefore = await auditEntries();
    const attempts: Record<string, string | undefined> = {
      'no CSRF token': undefined,
      'a wrong CSRF token': 'csrf_forged',
      "another session's CSRF token": other.csrf,
      'an empty CSRF token': '',
    };
    for (const { method, path } of writes) {
      for (const [name, csrf] of Object.entries(attempts)) {
        const answer = await send(
          world,
          method,
          path,
          { cookie: admin.cookie, ...(csrf !== undefined && { csrf }) },
          {},
        );
        tally.answer(`${method} ${path} with ${name}`, answer, 403, 'csrf_failed');
      }
    }
    const auditAfter = await auditEntries();
    tally.check(
      'no refused write changed anything',
      auditAfter === auditBefore ? null : 'the audit log grew',
    );

    const withToken = await send(
      world,
      'POST',
      '/api/integrations',
      { cookie: other.cookie, csrf: other.csrf },
      {
        title: 'With its token',
        description: '',
      },
    );
    tally.check(
      'a write with its own CSRF token passes',
      withToken.status === 201 ? null : `got ${withToken.status}`,
    );
    const editor = await signIn(world, email('editor'));
    const issued = await send(
      world,
      'POST',
      '/api/auth/tokens',
      { cookie: editor.cookie, csrf: editor.csrf },
      {
        name: 'automation',
        scopes: ['edit'],
      },
    );
    const bearer = issued.json!.token as string;
    tally.answer(
      'an API token write needs no CSRF token',
      await send(world, 'POST', '/api/integrations', { bearer }, { title: 'By token', description: '' }),
      201,
    );
    for (const { path } of signedInRoutes.filter(({ method }) => method === 'GET')) {
      const answer = await send(world, 'GET', path, { cookie: other.cookie });
      const code = answer.json?.error?.code as string | undefined;
      const refused = answer.status >= 500 || answer.status === 401 || code === 'csrf_failed';
      tally.check(
        `GET ${path} with the cookie and no CSRF token`,
        refused ? `got ${answer.status} ${code}` : null,
      );
    }
    expect(tally.since(from)).toEqual([]);
  });
});

describe('login throttling', () => {
  const login = (account: string, password: string, address = '203.0.113.7') =>
    send(
      world,
      'POST',
      '/api/auth/login',
      { headers: { 'x-forwarded-for': address } },
      { email: account, password },
    );

  it('locks an account after 5 failures, for every password and address, until the window passes', async () => {
    const from = tally.violations.length;
    const account = email('editor');
    for (let attempt = 1; attempt <= 5; attempt++)
      tally.answer(`wrong password ${attempt}`, await login(account, 'wrong'), 401, 'invalid_credentials');
    const locked = await login(account, 'wrong');
    tally.answer('the 6th attempt', locked, 429, 'too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    tally.check(
      'Retry-After says how long',
      retryAfter > 0 && retryAfter <= WINDOW_MS / 1000 ? null : `Retry-After: ${retryAfter}`,
    );
    const right = await login(account, PASSWORD);
    tally.answer('the right password while locked', right, 429, 'too_many_attempts');
    tally.check('no session while locked', cookieSet(right) ? 'a cookie was set' : null);
    tally.answer(
      'the account from another address (per-account lock)',
      await login(account, PASSWORD, '198.51.100.9'),
      429,
    );
    tally.answer('another account from the same address', await login(email('viewer'), PASSWORD), 200);
    clock.advance(retryAfter * 1000 - 2000);
    tally.answer('just before the window ends', await login(account, PASSWORD), 429);
    clock.advance(2000);
    tally.answer('after the window', await login(account, PASSWORD), 200);
    expect(tally.since(from)).toEqual([]);
  });

  it('limits failures per address across accounts, and a success clears the account', async () => {
    const from = tally.violations.length;
    for (let attempt = 0; attempt < 4; attempt++) await login(email('viewer'), 'wrong');
    tally.answer('a success after 4 failures', await login(email('viewer'), PASSWORD), 200);
    for (let attempt = 0; attempt < 4; attempt++)
      tally.answer(
        `a failure after the success (${attempt + 1})`,
        await login(email('viewer'), 'wrong'),
        401,
      );
    // Password spraying: one wrong guess for each of many accounts from one address.
    for (let account = 0; account < 20; account++)
      await login(`someone-${account}@acme.test`, 'wrong', '192.0.2.1');
    tally.answer(
      'any account from an address with 20 failures',
      await login(email('tenant-admin'), PASSWORD, '192.0.2.1'),
      429,
    );
    tally.answer(
      'the same account from another address',
      await login(email('tenant-admin'), PASSWORD, '192.0.2.2'),
      200,
    );
    tally.answer(
      'the address hidden behind a made-up X-Forwarded-For entry',
      await login(email('tenant-admin'), PASSWORD, 'made-up, 192.0.2.1'),
      429,
    );
    expect(tally.since(from)).toEqual([]);
  });
});

describe('cross-origin pages', () => {
  it('cannot read a signed-in answer (and so its CSRF token): no CORS headers, even for a preflight', async () => {
    const from = tally.violations.length;
    const session = await signIn(world, email('editor'));
    const origin = { origin: 'https://evil.example' };
    const read = await send(world, 'GET', '/api/auth/me', { cookie: session.cookie, headers: origin });
    const preflight = await send(world, 'OPTIONS', '/api/integrations', {
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    for (const [name, answer] of [
      ['a cross-origin read', read],
      ['a preflight', preflight],
    ] as const) {
      const allowed = answer.headers.get('access-control-allow-origin');
      tally.check(`${name} gets no Access-Control-Allow-Origin`, allowed ? allowed : null);
    }
    expect(tally.since(from)).toEqual([]);
  });
});

describe('API tokens', () => {
  it('stop working when they expire or are revoked', async () => {
    const from = tally.violations.length;
    const session = await signIn(world, email('editor'));
    const create = (body: Record<string, unknown>) => send(world, 'POST', '/api/auth/tokens', session, body);
    const expiring = (await create({ name: 'one day', expiresInDays: 1 })).json!.token as string;
    const revoked = await create({ name: 'revoked' });
    const byToken = (bearer: string) => send(world, 'GET', '/api/integrations', { bearer });
    tally.answer('a token within its day', await byToken(expiring), 200);
    const withScheme = (authorization: string) =>
      send(world, 'GET', '/api/integrations', { headers: { authorization } });
    // The scheme is case-insensitive (RFC 9110); a Bearer header without credentials is refused, not ignored.
    tally.answer('a token under a lower-case scheme', await withScheme(`bearer ${expiring}`), 200);
    tally.answer('a token under an upper-case scheme', await withScheme(`BEARER  ${expiring}`), 200);
    tally.answer('a Bearer header without a token', await withScheme('Bearer'), 401);
    await send(world, 'DELETE', `/api/auth/tokens/${revoked.json!.apiToken.id}`, session);
    tally.answer('a revoked token', await byToken(revoked.json!.token), 401, 'unauthorized');
    clock.advance(86_400_000 + 1000);
    tally.answer('a token after its day', await byToken(expiring), 401, 'unauthorized');
    expect(tally.since(from)).toEqual([]);
  });
});

describe('sessions that must end with their user or tenant', () => {
  it('signs a disabled user out everywhere, for good, and refuses a suspended tenant', async () => {
    const from = tally.violations.length;
    const admin = await signIn(world, email('tenant-admin'));
    const { viewer } = world.acme.users;
    const session = await signIn(world, viewer.email);
    const issued = await send(world, 'POST', '/api/auth/tokens', session, { name: 'viewer automation' });
    const bearer = issued.json!.token as string;
    const patch = (status: string) =>
      send(world, 'PATCH', `/api/users/${viewer.id}`, { cookie: admin.cookie, csrf: admin.csrf }, { status });
    tally.answer('disabling the user', await patch('disabled'), 200);
    tally.answer("the disabled user's session", await me(session.cookie), 401, 'unauthorized');
    tally.answer("the disabled user's API token", await send(world, 'GET', '/api/auth/me', { bearer }), 401);
    tally.answer(
      'the disabled user signing in',
      await send(world, 'POST', '/api/auth/login', {}, { email: viewer.email, password: PASSWORD }),
      401,
      'invalid_credentials',
    );
    tally.answer('enabling the user again', await patch('active'), 200);
    tally.answer('the session from before stays ended', await me(session.cookie), 401, 'unauthorized');

    const editor = await signIn(world, email('editor'));
    await world.store.tenants.update(world.acme.tenant.id, { status: 'suspended' });
    try {
      tally.answer('a session in a suspended tenant', await me(editor.cookie), 403, 'tenant_suspended');
      tally.answer(
        'signing in to a suspended tenant',
        await send(world, 'POST', '/api/auth/login', {}, { email: email('editor'), password: PASSWORD }),
        403,
        'tenant_suspended',
      );
    } finally {
      await world.store.tenants.update(world.acme.tenant.id, { status: 'active' });
    }
    tally.answer('the session once the tenant is active again', await me(editor.cookie), 200);
    expect(tally.since(from)).toEqual([]);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, path /, and Secure behind TLS', async () => {
    const from = tally.violations.length;
    const plain = (await signIn(world, email('viewer'))).answer.headers.get('set-cookie') ?? '';
    for (const attribute of [/HttpOnly/i, /SameSite=Lax/i, /Path=\//i, /Max-Age=43200/i])
      tally.check(`the cookie has ${attribute.source}`, attribute.test(plain) ? null : plain);
    const settings = world.deps.settings;
    world.deps.settings = { ...settings, secureCookies: true };
    try {
      const secure = (await signIn(world, email('viewer'))).answer.headers.get('set-cookie') ?? '';
      tally.check('the cookie is Secure behind TLS', /;\s*Secure/i.test(secure) ? null : secure);
    } finally {
      world.deps.settings = settings;
    }
    expect(tally.since(from)).toEqual([]);
  });
});

describe('invitation links', () => {
  it('are refused when expired, tampered with, used twice or made for another purpose', async () => {
    const from = tally.violations.length;
    const admin = await signIn(world, email('tenant-admin'));
    const invite = async (name: string) => {
      const answer = await send(world, 'POST', '/api/users', admin, {
        email: `${name}@acme.test`,
        name,
        role: 'viewer',
      });
      return new URL(String(answer.json!.inviteUrl), 'http://isync.test').searchParams.get('token')!;
    };
    const accept = (token: string) =>
      send(world, 'POST', '/api/auth/accept-invite', {}, { token, password: PASSWORD });
    const token = await invite('invited-once');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature.slice(0, 3) + (signature[3] === 'A' ? 'B' : 'A') + signature.slice(4);
    const embedToken = (
      await send(world, 'POST', '/api/embed-tokens', admin, {
        integrationIds: [
          (await send(world, 'POST', '/api/integrations', admin, { title: 'I', description: '' })).json!.id,
        ],
        views: ['runs'],
      })
    ).json!.token as string;
    const bad: Record<string, string> = {
      'a flipped signature': `${header}.${payload}.${flipped}`,
      'a truncated token': token.slice(0, -8),
      'an embed token': embedToken,
      'garbage of the right length': 'x'.repeat(token.length),
    };
    for (const [name, value] of Object.entries(bad))
      tally.answer(`accepting with ${name}`, await accept(value), 400, 'invitation_invalid');
    tally.answer('accepting the real link', await accept(token), 200);
    tally.answer('accepting it a second time', await accept(token), 400, 'invitation_invalid');
    const late = await invite('invited-late');
    clock.advance(7 * 86_400_000 + 1000);
    tally.answer('accepting a link after 7 days', await accept(late), 400, 'invitation_invalid');
    expect(tally.since(from)).toEqual([]);
  });
});
