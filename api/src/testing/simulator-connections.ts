import type { NuvoloControl, PlanGridControl, RunningSimulator } from '@isync/simulators';
import type { ApiClient } from './api-world.js';

export const PLANGRID_KEY = 'pg-demo-key';
export const NUVOLO_PASSWORD = 'nuvolo-demo';

/** Adds a PlanGrid and a Nuvolo connection to these simulators through the API; answers both as created. */
export async function connectSimulators(
  client: ApiClient,
  plangrid: RunningSimulator<PlanGridControl>,
  nuvolo: RunningSimulator<NuvoloControl>,
) {
  const source = await client.post('/api/connections', {
    system: 'plangrid',
    name: 'PlanGrid',
    baseUrl: plangrid.url,
    authKind: 'api-key',
    credentials: { apiKey: PLANGRID_KEY },
  });
  const destination = await client.post('/api/connections', {
    system: 'nuvolo',
    name: 'Nuvolo',
    baseUrl: nuvolo.url,
    authKind: 'basic',
    credentials: { username: 'admin', password: NUVOLO_PASSWORD },
  });
  if (source.status !== 201 || destination.status !== 201) {
    throw new Error(`the simulator connections were refused: ${source.text} ${destination.text}`);
  }
  return { source: source.json, destination: destination.json };
}
