import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/*
 * One Redis lock per integration: runs of one integration never overlap, whichever worker picks up a tick.
 * The lock expires on its own if its holder dies, and is renewed while the run goes on. A holder whose
 * renewal fails is told: its lock is gone (another holder has it) or will be before it can say otherwise,
 * so its run must stop — a run going on without its lock could overlap another worker's.
 */

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  release(): Promise<void>;
}

export interface RunLockOptions {
  /**
   * Told once, with the reason, when the lock is lost: a renewal found it held by another (or gone), or
   * renewals failed (Redis unreachable) for as long as the lock lives.
   */
  onLost?: (reason: string) => void;
}

export async function acquireRunLock(
  redis: Redis,
  key: string,
  ttlMs: number,
  { onLost }: RunLockOptions = {},
): Promise<HeldLock | null> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
  let renewedAt = Date.now();
  let lost = false;
  const lose = (reason: string) => {
    if (lost) return;
    lost = true;
    clearInterval(renewal);
    onLost?.(reason);
  };
  const renewal = setInterval(
    () => {
      redis.eval(EXTEND, 1, key, token, String(ttlMs)).then(
        (extended) => {
          if (extended === 1) renewedAt = Date.now();
          else
            lose(
              "The integration's run lock expired and another run may have taken it: this run stopped so that two runs never overlap; the next run carries on from what was stored.",
            );
        },
        (error: unknown) => {
          if (Date.now() - renewedAt >= ttlMs)
            lose(
              `The integration's run lock could not be renewed (${error instanceof Error ? error.message : String(error)}) and has expired: this run stopped so that two runs never overlap; the next run carries on from what was stored.`,
            );
        },
      );
    },
    Math.max(100, Math.floor(ttlMs / 3)),
  );
  renewal.unref();
  return {
    async release() {
      lost = true;
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}
