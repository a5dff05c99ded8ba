import { Socket } from 'node:net';

/**
 * Tests that need an outside service (Redis, MongoDB) ask this gate. A service named in ISYNC_REQUIRE
 * (comma-separated, e.g. `redis,mongodb`) must be there: its absence fails the run. Any other missing
 * service skips its tests with a printed notice, never silently.
 */
export function requiredServices(env: Record<string, string | undefined> = process.env): Set<string> {
  return new Set(
    (env.ISYNC_REQUIRE ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Whether a TCP server answers at host:port within the timeout. */
export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * Answers whether to run the tests that need `service`. Throws when it is required but unavailable;
 * prints why when it is optional and unavailable.
 */
export function serviceGate(
  service: string,
  available: boolean,
  reason: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (available) return true;
  if (requiredServices(env).has(service)) {
    throw new Error(`${service} is required by ISYNC_REQUIRE but is not available: ${reason}`);
  }
  console.warn(`[isync tests] ${service} tests skipped: ${reason}`);
  return false;
}
