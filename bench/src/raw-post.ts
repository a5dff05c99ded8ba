import { Agent, request } from 'undici';
import { WORK_ORDERS } from '@isync/simulators';

export interface RawPostResult {
  posts: number;
  failures: number;
  seconds: number;
  perSecond: number;
  /** This process's CPU time (user + system) per POST, in µs: what the client side of one push costs. */
  clientCpuMicros: number;
}

/**
 * The destination's own ceiling: work orders POSTed by a plain undici loop, `concurrency` in flight on
 * as many keep-alive connections (as the connector's client does), each answer read and parsed, for
 * `seconds`. Every body is `template` with its correlation id replaced by `${prefix}${n}`.
 */
export async function rawPostRate(options: {
  nuvoloUrl: string;
  concurrency: number;
  seconds: number;
  template: Record<string, unknown>;
  prefix: string;
}): Promise<RawPostResult> {
  const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 30_000 });
  const url = new URL(
    `api/now/table/${WORK_ORDERS}`,
    options.nuvoloUrl.endsWith('/') ? options.nuvoloUrl : `${options.nuvoloUrl}/`,
  );
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from('admin:nuvolo-demo').toString('base64')}`,
  };
  let sent = 0;
  let posts = 0;
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline) {
      const body = JSON.stringify({ ...options.template, correlation_id: `${options.prefix}${sent++}` });
      const response = await request(url, { dispatcher: agent, method: 'POST', headers, body });
      const parsed = JSON.parse(await response.body.text()) as { result?: { sys_id?: string } };
      if (response.statusCode === 201 && parsed.result?.sys_id) posts += 1;
      else failures += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    await agent.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpuMicros = (cpu.user + cpu.system) / Math.max(1, posts + failures);
  return { posts, failures, seconds, perSecond: posts / seconds, clientCpuMicros };
}
