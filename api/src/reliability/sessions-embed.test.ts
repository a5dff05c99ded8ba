import fc from 'fast-check';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey, keyring, purposeKey, type Keyring } from '@isync/core';
import { pulledIssue } from '@isync/core/testing';
import { createApp } from '../app.js';
import { EMBED_VIEWS, signEmbedToken } from '../auth/embed-tokens.js';
import { invitationToken } from '../auth/invitations.js';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { CaseTally } from '../testing/case-tally.js';
import { send, type RawAnswer } from '../testing/raw-requests.js';

/*
 * Embed tokens over HTTP: expired, tampered, forged, wrong-integration, wrong-view and other-tenant tokens are
 * refused by the API and by the embed pages; a token reaches only what its scope names.
 */
const tally = new CaseTally();
/** Random damages of a real token: a few in `npm test`, RELIABILITY_RUNS × 4 in the full run. */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 12);

interface Objects {
  integrationId: string;
  runId: string;
  recordId: string;
}

let world: ApiWorld;
let pages: ApiWorld;
let admin: ApiClient;
let shown: Objects;
let hidden: Objects;
let globex: Objects;

/** An integration with a run and a record, made in the store. */
async function integrationWithData(tenantId: string, title: string): Promise<Objects> {
  const { store } = world;
  const integration = await store.integrations.create(tenantId, { title, description: '' });
  const run = await store.runs.start(tenantId, {
    integrationId: integration.id,
    planVersion: 1,
    trigger: 'manual',
    cursorBefore: null,
  });
  await store.records.upsertPulled(tenantId, integration.id, [pulledIssue(`${title}-1`)], run.id);
  const record = (await store.records.getBySourceId(tenantId, integration.id, `${title}-1`))!;
  return { integrationId: integration.id, runId: run.id, recordId: record.id };
}

beforeAll(async () => {
  world = await apiWorld();
  pages = {
    ...world,
    app: createApp(world.deps, { embedPage: { html: () => '<!doctype html><title>embed</title>' } }),
  };
  admin = await world.as(world.acme.users['tenant-admin']);
  shown = await integrationWithData(world.acme.tenant.id, 'shown');
  hidden = await integrationWithData(world.acme.tenant.id, 'hidden');
  globex = await integrationWithData(world.globex.tenant.id, 'globex');
});
afterAll(async () => {
  console.log(tally.line('embed-tokens'));
  await world.close();
});

async function issued(body: Record<string, unknown> = {}): Promise<string> {
  const answer = await admin.post('/api/embed-tokens', {
    integrationIds: [shown.integrationId],
    views: ['runs', 'dashboard'],
    ...body,
  });
  if (answer.status !== 201) throw new Error(`no embed token: ${answer.text}`);
  return answer.json.token as string;
}

const api = (token: string, path: string, method = 'GET') => send(world, method, path, { bearer: token });
const page = (token: string, view = 'runs') =>
  send(pages, 'GET', `/embed/${view}?token=${encodeURIComponent(token)}`);
const refusedToken = (name: string, answer: RawAnswer) =>
  tally.answer(name, answer, 401, 'embed_token_invalid');

/** A token with these claims and header, signed with this key (the embed key unless told). */
async function forged(
  claims: Record<string, unknown>,
  key: Uint8Array = purposeKey(world.deps.keyring, 'embed'),
  audience = 'isync:embed',
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    tid: world.acme.tenant.id,
    iids: [shown.integrationId],
    views: ['runs'],
    mode: 'operate',
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .setAudience(audience)
    .sign(key);
}

describe('embed tokens', () => {
  it('are refused when expired, tampered with or forged, by the API and by the embed pages', async () => {
    const from = tally.violations.length;
    const token = await issued();
    const runs = `/api/runs?integrationId=${shown.integrationId}`;
    tally.answer('a fresh token reads its runs', await api(token, runs), 200);
    tally.answer('a fresh token opens its page', await page(token), 200);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherPayload = (await issued({ integrationIds: [hidden.integrationId] })).split('.')[1]!;
    const edited = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        iids: [hidden.integrationId],
      }),
    ).toString('base64url');
    const flip = (text: string) => text.slice(0, 4) + (text[4] === 'A' ? 'B' : 'A') + text.slice(5);
    const anotherRing: Keyring = keyring(generateMasterKey());
    const bad: Record<string, string> = {
      'a flipped signature': `${header}.${payload}.${flip(signature)}`,
      "another token's payload under this signature": `${header}.${otherPayload}.${signature}`,
      'an edited payload': `${header}.${edited}.${signature}`,
      'alg none': new UnsecuredJWT({
        tid: world.acme.tenant.id,
        iids: [hidden.integrationId],
        views: ['runs'],
        mode: 'operate',
      })
        .setAudience('isync:embed')
        .setExpirationTime('10m')
        .encode(),
      'signed with the invitation key': await forged({}, purposeKey(world.deps.keyring, 'invite')),
      'signed with the session-cookie key': await forged(
        {},
        purposeKey(world.deps.keyring, 'session-cookie'),
      ),
      "signed with another installation's key": await forged({}, purposeKey(anotherRing, 'embed')),
      'for another audience': await forged({}, undefined, 'isync:invite'),
      'an invitation link token': await invitationToken(world.deps, world.acme.users.viewer),
      'without a mode': await forged({ mode: undefined }),
      'with a made-up mode': await forged({ mode: 'admin' }),
      'without integrations': await forged({ iids: 'all' }),
      'a truncated token': token.slice(0, -10),
      'three dots': '...',
      'an API token prefix with junk': 'isk_not-a-token',
    };
    for (const [name, value] of Object.entries(bad)) {
      tally.answer(`API with ${name}`, await api(value, runs), 401);
      tally.answer(`page with ${name}`, await page(value), 401);
    }

    const clock = world.deps.clock;
    world.deps.clock = () => new Date(Date.now() + 15 * 60_000 + 1000);
    refusedToken('API with an expired token', await api(token, runs));
    refusedToken('page with an expired token', await page(token));
    world.deps.clock = clock;
    tally.answer('page without a token', await send(pages, 'GET', '/embed/runs'), 401, 'embed_token_missing');
    expect(tally.since(from)).toEqual([]);
  });

  it('are refused after any random change, never with a 5xx', async () => {
    const from = tally.violations.length;
    const token = await issued({ mode: 'operate' });
    const runs = `/api/runs?integrationId=${shown.integrationId}`;
    /** Whether two tokens carry the same bytes (base64url leaves a few bits of a segment's last character unused). */
    const sameBytes = (a: string, b: string) => {
      const [x, y] = [a.split('.'), b.split('.')];
      return (
        x.length === y.length &&
        x.every((part, i) => Buffer.from(part, 'base64url').equals(Buffer.from(y[i]!, 'base64url')))
      );
    };
    const alphabet = fc.constantFrom(...'AZaz09-_.=+/'.split(''));
    const damaged = fc.oneof(
      fc
        .tuple(fc.nat(token.length - 1), alphabet)
        .map(([at, char]) => token.slice(0, at) + char + token.slice(at + 1)),
      fc.nat(token.length - 1).map((length) => token.slice(0, length)),
      fc
        .tuple(fc.nat(token.length), fc.string({ minLength: 1, maxLength: 8 }))
        .map(([at, text]) => token.slice(0, at) + text + token.slice(at)),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (value) => {
        if (sameBytes(value, token)) return;
        tally.answer(`API with ${value.slice(-24)}`, await api(value, runs), 401);
      }),
      { numRuns: RUNS * 4, endOnFailure: true },
    );
    expect(tally.since(from)).toEqual([]);
  });

  it('reach only the integrations, views and actions they name, in their own tenant', async () => {
    const from = tally.violations.length;
    const readOnly = await issued({ views: [...EMBED_VIEWS] });
    const runsOnly = await issued({ views: ['runs'] });
    const operate = await issued({ mode: 'operate', views: [...EMBED_VIEWS] });
    const globexToken = await signEmbedToken(
      world.deps,
      {
        tenantId: world.globex.tenant.id,
        integrationIds: [globex.integrationId],
        views: [...EMBED_VIEWS],
        mode: 'operate',
      },
      10,
    );
    // Signed by us, but naming another tenant's integration: the scope never crosses tenants.
    const crossed = await signEmbedToken(
      world.deps,
      {
        tenantId: world.globex.tenant.id,
        integrationIds: [shown.integrationId],
        views: [...EMBED_VIEWS],
        mode: 'operate',
      },
      10,
    );
    const reads = (o: Objects) => [
      `/api/integrations/${o.integrationId}`,
      `/api/runs?integrationId=${o.integrationId}`,
      `/api/records?integrationId=${o.integrationId}`,
      `/api/exceptions?integrationId=${o.integrationId}`,
      `/api/insights?integrationId=${o.integrationId}&from=2026-01-01T00:00:00.000Z&to=2026-02-01T00:00:00.000Z`,
      `/api/runs/${o.runId}`,
      `/api/records/${o.recordId}`,
      `/api/records/${o.recordId}/timeline`,
    ];
    for (const path of reads(shown)) tally.answer(`in scope: GET ${path}`, await api(readOnly, path), 200);
    for (const path of reads(hidden))
      tally.answer(`another integration: GET ${path}`, await api(readOnly, path), 404, 'not_found');
    for (const path of reads(globex))
      tally.answer(`another tenant's integration: GET ${path}`, await api(readOnly, path), 404, 'not_found');
    for (const path of reads(shown)) {
      tally.answer(
        `a token of another tenant: GET ${path}`,
        await api(globexToken.token, path),
        404,
        'not_found',
      );
      tally.answer(
        `a scope naming another tenant's id: GET ${path}`,
        await api(crossed.token, path),
        404,
        'not_found',
      );
    }
    const twice = `/api/runs?integrationId=${shown.integrationId}&integrationId=${hidden.integrationId}`;
    const smuggled = await api(readOnly, twice);
    tally.check('a second integrationId is not smuggled in', smuggled.status === 200 ? 'answered 200' : null);
    tally.answer(
      'a list without integrationId',
      await api(readOnly, '/api/runs'),
      400,
      'integration_required',
    );

    for (const view of ['exceptions', 'timeline', 'dashboard'])
      tally.answer(`page of a view the token lacks: ${view}`, await page(runsOnly, view), 403, 'forbidden');
    tally.answer('page of an unknown view', await page(readOnly, 'settings'), 400);
    // The API answers a token only what its views show.
    const notShownByRuns = reads(shown).filter(
      (path) => !path.startsWith('/api/runs') && !path.startsWith('/api/integrations/'),
    );
    for (const path of notShownByRuns)
      tally.answer(`a runs-only token: GET ${path}`, await api(runsOnly, path), 403, 'forbidden');
    for (const path of reads(shown).filter((path) => path.startsWith('/api/runs')))
      tally.answer(`a runs-only token: GET ${path}`, await api(runsOnly, path), 200);

    const actions: [string, string][] = [
      ['POST', `/api/integrations/${shown.integrationId}/run`],
      ['POST', `/api/runs/${shown.runId}/replay`],
    ];
    for (const [method, path] of actions)
      tally.answer(`read-only: ${method} ${path}`, await api(readOnly, path, method), 403, 'forbidden');
    const beyond: [string, string][] = [
      ['PATCH', `/api/integrations/${shown.integrationId}`],
      ['DELETE', `/api/integrations/${shown.integrationId}`],
      ['POST', `/api/integrations/${shown.integrationId}/pause`],
      ['PUT', `/api/integrations/${shown.integrationId}/flow`],
      ['POST', '/api/embed-tokens'],
      ['PUT', '/api/embed-origins'],
      ['GET', '/api/integrations'],
      ['GET', '/api/connections'],
      ['GET', '/api/users'],
      ['GET', '/api/audit'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/auth/tokens'],
      ['POST', '/api/records/replay'],
      ['HEAD', `/api/runs?integrationId=${shown.integrationId}`],
    ];
    for (const [method, path] of beyond)
      tally.answer(`operate: ${method} ${path}`, await api(operate, path, method), 403);
    tally.answer(
      'operate: run another integration',
      await api(operate, `/api/integrations/${hidden.integrationId}/run`, 'POST'),
      404,
      'not_found',
    );
    expect(tally.since(from)).toEqual([]);
  });

  it('are refused while their tenant is suspended, by the API and by the pages', async () => {
    const from = tally.violations.length;
    const token = await issued();
    await world.store.tenants.update(world.acme.tenant.id, { status: 'suspended' });
    try {
      tally.answer(
        'API of a suspended tenant',
        await api(token, `/api/runs?integrationId=${shown.integrationId}`),
        403,
      );
      tally.answer('page of a suspended tenant', await page(token), 403);
    } finally {
      await world.store.tenants.update(world.acme.tenant.id, { status: 'active' });
    }
    tally.answer('page once the tenant is active again', await page(token), 200);
    expect(tally.since(from)).toEqual([]);
  });
});
