import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { requiredServices, serviceGate, tcpReachable } from './services.js';

describe('service gate', () => {
  it('reads the required services from ISYNC_REQUIRE', () => {
    expect([...requiredServices({ ISYNC_REQUIRE: 'redis, MongoDB,' })]).toEqual(['redis', 'mongodb']);
    expect(requiredServices({}).size).toBe(0);
  });

  it('fails when a required service is missing', () => {
    expect(() =>
      serviceGate('redis', false, 'nothing on 127.0.0.1:6379', { ISYNC_REQUIRE: 'redis' }),
    ).toThrow(/redis is required by ISYNC_REQUIRE/);
  });

  it('skips with a printed notice when an optional service is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(serviceGate('mongodb', false, 'MONGODB_URL is not set', {})).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('mongodb tests skipped: MONGODB_URL is not set'),
    );
    warn.mockRestore();
    expect(serviceGate('mongodb', true, '', { ISYNC_REQUIRE: 'mongodb' })).toBe(true);
  });

  it('tells a listening port from a closed one', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    expect(await tcpReachable('127.0.0.1', port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await tcpReachable('127.0.0.1', port, 500)).toBe(false);
  });
});
