import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../auth/password-strength.js';
import { apiWorld, PASSWORD, type ApiClient, type ApiWorld } from '../testing/api-world.js';

describe('signing in and passwords', () => {
  let world: ApiWorld;
  let admin: ApiClient;

  beforeEach(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
  });
  afterEach(() => world.close());

  it('a sign-in with a planted session cookie ends that session and starts a new one', async () => {
    const victim = world.acme.users.editor;
    const attacker = await world.as(world.globex.users.viewer);
    // The attacker's own session cookie, planted in the victim's browser.
    const cookie = (attacker as unknown as { cookie: string }).cookie;
    const signIn = await world.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ email: victim.email, password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const fresh = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(fresh).not.toBe(cookie);
    // The planted session is over: its owner is signed out.
    expect((await attacker.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses weak passwords with a message that helps, and takes a passphrase', async () => {
    for (const password of ['aaaaaaaaaaaa', ' '.repeat(12), 'password1234', 'qwertyuiop12', 'Password123!']) {
      const answer = await admin.post('/api/users', {
        email: 'weak@acme.test',
        name: 'Weak',
        role: 'viewer',
        password,
      });
      expect(answer.status, JSON.stringify(password)).toBe(400);
      expect(answer.json.error.details).toMatchObject({ field: 'password' });
      expect(answer.json.error.message).toMatch(/too easy to guess|at least 12/);
    }
    expect(passwordProblem('aaaaaaaaaaaa')).toContain('repeated characters');
    const strong = await admin.post('/api/users', {
      email: 'strong@acme.test',
      name: 'Strong',
      role: 'viewer',
      password: 'lantern orbit velvet cactus',
    });
    expect(strong.status).toBe(201);
  });

  it('does not tell one tenant that an email is a user of another', async () => {
    const taken = await admin.post('/api/users', {
      email: world.globex.users.viewer.email,
      name: 'Someone',
      role: 'viewer',
    });
    const own = await admin.post('/api/users', {
      email: world.acme.users.viewer.email,
      name: 'Again',
      role: 'viewer',
    });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toEqual(own.json.error);
    expect(taken.text).not.toMatch(/globex/i);
  });

  it('records sign-ins and failed sign-ins in the tenant’s audit log', async () => {
    const viewer = world.acme.users.viewer;
    await world.anonymous().post('/api/auth/login', { email: viewer.email, password: 'not it at all' });
    await world.as(viewer);
    const entries = (await admin.get(`/api/audit?targetId=${viewer.id}`)).json.items as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['user.sign-in-failed', 'user.signed-in']),
    );
    expect(entries.find((entry) => entry.action === 'user.sign-in-failed')!.details).toMatchObject({
      reason: 'wrong password',
    });
    expect(JSON.stringify(entries)).not.toContain('not it at all');
  });
});
