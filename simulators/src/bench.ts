import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { basic, PLANGRID_ACCEPT } from './test-support.js';

/**
 * Requests per second each simulator sustains on a list GET and a write, measured with autocannon
 * over loopback against the servers running in a child process. Prints `BENCH <name> <value> req/s`.
 */
const DURATION_S = Number(process.env.SIM_BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;

const serverEntry = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const firstLine = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});
const { plangrid, nuvolo, projectUid } = JSON.parse(firstLine) as {
  plangrid: string;
  nuvolo: string;
  projectUid: string;
};

async function measure(name: string, options: autocannon.Options): Promise<void> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) console.error(`${name}: ${failed} of ${result.requests.total} requests failed`);
  console.log(`BENCH ${name} ${Math.round(result.requests.average)} req/s`);
}

try {
  const pgHeaders = { accept: PLANGRID_ACCEPT, authorization: basic('pg-demo-key', '') };
  const issues = `${plangrid}/projects/${projectUid}/issues`;
  const page = (await (await fetch(`${issues}?limit=50`, { headers: pgHeaders })).json()) as {
    data: Array<{ uid: string }>;
  };
  const uids = page.data.map((issue) => issue.uid);
  let next = 0;

  await measure('sim.plangrid.list_per_s', { url: `${issues}?limit=50`, headers: pgHeaders });
  await measure('sim.plangrid.patch_per_s', {
    url: issues,
    headers: { ...pgHeaders, 'content-type': 'application/json' },
    requests: [
      {
        method: 'PATCH',
        setupRequest: (request) => ({
          ...request,
          path: `/projects/${projectUid}/issues/${uids[next++ % uids.length]}`,
          body: JSON.stringify({ description: `bench ${next}` }),
        }),
      },
    ],
  });

  const nvHeaders = { accept: 'application/json', authorization: basic('admin', 'nuvolo-demo') };
  const workOrders = `${nuvolo}/api/now/table/x_nuvo_eam_facilities_work_orders`;
  await measure('sim.nuvolo.list_per_s', { url: `${workOrders}?sysparm_limit=50`, headers: nvHeaders });
  await measure('sim.nuvolo.post_per_s', {
    url: workOrders,
    method: 'POST',
    headers: { ...nvHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      short_description: 'Bench work order',
      state: '2',
      priority: '3',
      correlation_id: 'bench',
    }),
  });
} finally {
  child.kill('SIGTERM');
}
