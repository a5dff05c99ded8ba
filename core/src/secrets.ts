import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { IsyncError } from './errors.js';
import type { SealedSecret } from './domain/connection.js';

/*
 * Connection secrets are sealed with AES-256-GCM: a random 96-bit nonce per seal, the key's id in the
 * envelope so keys can rotate (old keys keep opening what they sealed), and an optional context (e.g. the
 * connection id) bound as additional authenticated data so a sealed secret cannot be moved to another
 * object. Envelope: `v1.<keyId>.<nonce>.<ciphertext+tag>`, base64url parts.
 */

export class SecretError extends IsyncError {
  constructor(message: string) {
    super('secret_unreadable', message, 500);
  }
}

export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: MasterKey;
  byId: ReadonlyMap<string, MasterKey>;
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A key's id is a short fingerprint of the key itself: stable, and reveals nothing usable. */
export function masterKey(base64: string): MasterKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES)
    throw new SecretError(`A master key must be ${KEY_BYTES} bytes, base64-encoded.`);
  return { id: createHash('sha256').update(key).digest('base64url').slice(0, 8), key };
}

export function keyring(current: string, previous: readonly string[] = []): Keyring {
  const keys = [masterKey(current), ...previous.map(masterKey)];
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

export const generateMasterKey = (): string => randomBytes(KEY_BYTES).toString('base64');

export function sealSecret(ring: Keyring, plaintext: string, context = ''): SealedSecret {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${ring.current.id}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

export function openSecret(ring: Keyring, sealed: SealedSecret, context = ''): string {
  const [version, keyId, nonce, body] = sealed.split('.');
  if (version !== 'v1' || !keyId || !nonce || !body) throw new SecretError('The sealed secret is malformed.');
  const key = ring.byId.get(keyId);
  if (!key) {
    throw new SecretError(
      `The secret was sealed with master key ${keyId}, which is not configured (set it in ISYNC_PREVIOUS_MASTER_KEYS).`,
    );
  }
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length < TAG_BYTES) throw new SecretError('The sealed secret is malformed.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretError(
      'The sealed secret failed its integrity check: it was altered or belongs to another object.',
    );
  }
}

/**
 * A key for one purpose (signing session cookies, embed tokens), derived from the current master key so
 * that no further secret has to be configured. Rotating the master key ends sessions and embed tokens.
 */
export function purposeKey(ring: Keyring, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ring.current.key, Buffer.alloc(0), `isync:${purpose}`, 32));
}

/** Seals a JSON credentials object (e.g. `{username, password}`). */
export const sealCredentials = (ring: Keyring, value: unknown, context = ''): SealedSecret =>
  sealSecret(ring, JSON.stringify(value), context);
export const openCredentials = <T = unknown>(ring: Keyring, sealed: SealedSecret, context = ''): T =>
  JSON.parse(openSecret(ring, sealed, context)) as T;

/**
 * The keyring for this process: ISYNC_MASTER_KEY when set; otherwise (embedded mode) a key generated once
 * into `<dataDir>/master.key` with mode 0600 and reused on every start.
 */
export function loadKeyring(
  config: Pick<Config, 'masterKey' | 'previousMasterKeys' | 'dataDir' | 'store'>,
): Keyring {
  if (config.masterKey) return keyring(config.masterKey, config.previousMasterKeys);
  if (config.store === 'mongodb') {
    throw new IsyncError(
      'config_invalid',
      'ISYNC_MASTER_KEY: is required when MONGODB_URL is set (replicas must share one key)',
      500,
      { variable: 'ISYNC_MASTER_KEY' },
    );
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'master.key');
  try {
    writeFileSync(file, generateMasterKey() + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(file, 0o600);
  return keyring(readFileSync(file, 'utf8').trim(), config.previousMasterKeys);
}
