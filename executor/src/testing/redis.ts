import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { serviceGate, tcpReachable } from '@isync/core/testing';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis tests run here: a required Redis (ISYNC_REQUIRE=redis) that is missing fails the run. */
export async function redisAvailable(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return serviceGate(
    'redis',
    await tcpReachable(hostname, Number(port || 6379)),
    `nothing answers at ${REDIS_URL}`,
  );
}

/** A BullMQ prefix of this test's own, and a way to delete every key under it afterwards. */
export function testPrefix() {
  const prefix = `isync-test-${randomUUID()}`;
  return {
    prefix,
    async clean() {
      const redis = new Redis(REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
