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

/**
 * Drops the Redis connections of one deployment (`CLIENT KILL` by id), found by the client names BullMQ
 * gives them (`<prefix>:…`): other tests' clients on the same Redis are left alone. Answers how many.
 */
export async function killRedisClients(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const list = (await redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2))))
      .filter((client) => client.name?.startsWith(`${prefix}:`))
      .map((client) => client.id as string);
    for (const id of ids) await redis.client('KILL', 'ID', id);
    return ids.length;
  } finally {
    await redis.quit();
  }
}
