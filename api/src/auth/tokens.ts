import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random credential with a readable prefix: `isk_…` (API tokens), `iss_…` (sessions). */
export const randomToken = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Compares a presented secret with the expected one in constant time (for equal lengths). */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
