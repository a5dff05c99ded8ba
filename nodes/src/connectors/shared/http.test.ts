import { describe, expect, it } from 'vitest';
import { connectionSecrets } from './http.js';

describe('connection secrets', () => {
  it('are every credential string but the ones that only name who signs in', () => {
    expect(
      connectionSecrets({
        username: 'admin',
        password: 'nuvolo-demo',
        clientId: 'isync-app',
        clientSecret: 'client-secret-1',
        refreshToken: 'refresh-1',
        apiKey: '',
      }),
    ).toEqual(['nuvolo-demo', 'client-secret-1', 'refresh-1']);
  });
});
