import { startNuvolo } from './nuvolo/server.js';
import { startPlanGrid } from './plangrid/server.js';
import { DAY_MS } from './shared/time.js';

// `npm run simulators`: both simulators with demo data generated around today (same data all day).
const env = process.env;
const host = env.SIMULATORS_HOST ?? '127.0.0.1';
const baseTime = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const seed = Number(env.SIM_SEED ?? 1);
const client = {
  clientId: env.OAUTH_CLIENT_ID ?? 'isync',
  clientSecret: env.OAUTH_CLIENT_SECRET ?? 'isync-secret',
};
const apiKey = env.PLANGRID_API_KEY ?? 'pg-demo-key';
const username = env.NUVOLO_USER ?? 'admin';
const password = env.NUVOLO_PASSWORD ?? 'nuvolo-demo';

const plangrid = await startPlanGrid({
  port: Number(env.PLANGRID_PORT ?? 4101),
  host,
  seed,
  baseTime,
  apiKey,
  oauthClient: client,
  ...(env.PLANGRID_RECORDS ? { records: Number(env.PLANGRID_RECORDS) } : {}),
});
const nuvolo = await startNuvolo({
  port: Number(env.NUVOLO_PORT ?? 4102),
  host,
  seed,
  baseTime,
  username,
  password,
  oauthClient: client,
  ...(env.NUVOLO_RECORDS ? { records: Number(env.NUVOLO_RECORDS) } : {}),
});

console.log(
  `PlanGrid simulator  ${plangrid.url}  API key "${apiKey}" (Basic user, empty password); OAuth client ${client.clientId} / ${client.clientSecret}`,
);
console.log(
  `Nuvolo simulator    ${nuvolo.url}  Basic ${username} / ${password} (read-only: viewer / viewer-demo); OAuth client ${client.clientId} / ${client.clientSecret}`,
);
console.log('Control planes at /__sim on both; see simulators/README.md. Ctrl-C stops them.');

const stop = async () => {
  await Promise.all([plangrid.close(), nuvolo.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
