import { createHash, randomBytes } from 'node:crypto';

/** A random credential with a readable prefix: `isk_…` (API tokens), `iss_…` (sessions). */
export const randomToken = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
