import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, runLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('writes JSON lines that carry the tenant, integration and run', () => {
    const { lines, logger } = capture();
    runLogger(logger, { tenantId: 't1', integrationId: 'i1', runId: 'r1' }).info(
      { pulled: 3 },
      'page stored',
    );
    expect(lines[0]).toMatchObject({
      tenantId: 't1',
      integrationId: 'i1',
      runId: 'r1',
      pulled: 3,
      msg: 'page stored',
    });
  });

  it('never writes credentials, wherever they sit in the object', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'nuvolo-demo',
        connection: { secret: 'v1.abc', options: { clientSecret: 'isync-secret' } },
        headers: { authorization: 'Basic cGctZGVtby1rZXk6' },
      },
      'connection tested',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['nuvolo-demo', 'v1.abc', 'isync-secret', 'cGctZGVtby1rZXk6'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
