import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateMasterKey,
  keyring,
  loadKeyring,
  openCredentials,
  openSecret,
  sealCredentials,
  sealSecret,
  SecretError,
} from './secrets.js';

const ring = keyring(generateMasterKey());

describe('secrets', () => {
  it('opens what it sealed, with a fresh nonce each time', () => {
    const first = sealSecret(ring, 'nuvolo-demo');
    const second = sealSecret(ring, 'nuvolo-demo');
    expect(first).not.toBe(second);
    expect(first).not.toContain('nuvolo-demo');
    expect(openSecret(ring, first)).toBe('nuvolo-demo');
    expect(openCredentials(ring, sealCredentials(ring, { username: 'admin', password: 'p' }))).toEqual({
      username: 'admin',
      password: 'p',
    });
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = sealSecret(ring, 'pg-demo-key');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(() => openSecret(ring, tampered)).toThrow(SecretError);
    expect(() => openSecret(ring, 'v1.nope')).toThrow(/malformed/);
  });

  it('refuses a secret sealed for another object', () => {
    const sealed = sealSecret(ring, 'pg-demo-key', 'connection-1');
    expect(openSecret(ring, sealed, 'connection-1')).toBe('pg-demo-key');
    expect(() => openSecret(ring, sealed, 'connection-2')).toThrow(/integrity/);
  });

  it('refuses the wrong key and names the key that is missing', () => {
    const sealed = sealSecret(ring, 'pg-demo-key');
    const other = keyring(generateMasterKey());
    expect(() => openSecret(other, sealed)).toThrow(new RegExp(`master key ${ring.current.id}`));
  });

  it('keeps opening old secrets after a key rotation', () => {
    const oldKey = generateMasterKey();
    const sealedBefore = sealSecret(keyring(oldKey), 'before rotation');
    const rotated = keyring(generateMasterKey(), [oldKey]);
    expect(openSecret(rotated, sealedBefore)).toBe('before rotation');
    expect(sealSecret(rotated, 'after').split('.')[1]).toBe(rotated.current.id);
  });

  it('rejects a key of the wrong size', () => {
    expect(() => keyring(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });

  describe('embedded master key', () => {
    let dir: string | undefined;
    afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('is generated once into the data dir with mode 0600 and reused', () => {
      dir = mkdtempSync(join(tmpdir(), 'isync-key-'));
      const config = { dataDir: dir, masterKey: undefined, previousMasterKeys: [], store: 'sqlite' as const };
      const first = loadKeyring(config);
      const second = loadKeyring(config);
      expect(second.current.id).toBe(first.current.id);
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, 'master.key'), 'utf8').trim()).toHaveLength(44);
      expect(openSecret(second, sealSecret(first, 'x'))).toBe('x');
    });

    it('is required in queue mode, where replicas must share it', () => {
      expect(() =>
        loadKeyring({
          dataDir: '/nonexistent',
          masterKey: undefined,
          previousMasterKeys: [],
          store: 'mongodb',
        }),
      ).toThrow(/ISYNC_MASTER_KEY/);
    });
  });
});
