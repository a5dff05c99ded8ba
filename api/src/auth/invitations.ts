import { jwtVerify, SignJWT } from 'jose';
import { purposeKey, type User } from '@isync/core';
import type { ApiDependencies } from '../deps.js';
import { ApiError } from '../http/errors.js';

const INVITE_DAYS = 7;

/**
 * An invitation is a signed, expiring link for one invited user. It is single-use by construction: accepting
 * it sets a password and makes the user active, and only invited users can accept.
 */
export async function invitationToken(deps: ApiDependencies, user: User): Promise<string> {
  return new SignJWT({ tid: user.tenantId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt(Math.floor(deps.clock().getTime() / 1000))
    .setExpirationTime(Math.floor(deps.clock().getTime() / 1000) + INVITE_DAYS * 86_400)
    .setAudience('isync:invite')
    .sign(purposeKey(deps.keyring, 'invite'));
}

export const invitationUrl = (token: string) => `/accept-invite?token=${encodeURIComponent(token)}`;

export async function readInvitation(
  deps: ApiDependencies,
  token: string,
): Promise<{ tenantId: string; userId: string }> {
  try {
    const { payload } = await jwtVerify(token, purposeKey(deps.keyring, 'invite'), {
      audience: 'isync:invite',
      currentDate: deps.clock(),
    });
    if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string') throw new Error('incomplete');
    return { tenantId: payload.tid, userId: payload.sub };
  } catch {
    throw new ApiError(
      'invitation_invalid',
      'This invitation link is not valid or has expired; ask for a new one.',
      400,
    );
  }
}
