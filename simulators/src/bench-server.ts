import { startNuvolo } from './nuvolo/server.js';
import { startPlanGrid } from './plangrid/server.js';

// Started by bench.ts in its own process, so that the load generator and the servers use separate cores.
const plangrid = await startPlanGrid({ records: 500, rateLimit: false });
const nuvolo = await startNuvolo({ records: 500, rateLimit: false });
const projectUid = plangrid.control.projects()[0]?.uid;
process.stdout.write(`${JSON.stringify({ plangrid: plangrid.url, nuvolo: nuvolo.url, projectUid })}\n`);
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => {
  void Promise.all([plangrid.close(), nuvolo.close()]).then(() => process.exit(0));
});
