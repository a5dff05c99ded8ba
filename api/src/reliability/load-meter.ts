import autocannon from 'autocannon';

export interface LoadTarget {
  /** How the figure line names it, e.g. `GET /api/runs`. */
  name: string;
  /** Path and query, on the server under load. */
  path: string;
}

export interface LoadBounds {
  /** Requests per route; the load stops at this count… */
  amount: number;
  /** …or after this many seconds, whichever comes first. */
  seconds: number;
  /** Concurrent keep-alive connections per route. */
  connections: number;
}

export interface LatencyFigures {
  name: string;
  p50: number;
  p99: number;
  requests: number;
  /** Connection errors and timeouts: requests that got no HTTP answer. */
  errors: number;
  serverErrors: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
}

/** The q-quantile (nearest rank) of latencies sorted ascending, in ms. */
const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

function figures(name: string, latencies: number[], statuses: Record<number, number>, errors: number) {
  const sorted = latencies.slice().sort((a, b) => a - b);
  const answered = Object.entries(statuses);
  return {
    name,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    requests: sorted.length + errors,
    errors,
    serverErrors: answered.reduce((sum, [code, count]) => sum + (Number(code) >= 500 ? count : 0), 0),
    statuses,
  } satisfies LatencyFigures;
}

interface Measured {
  latencies: number[];
  statuses: Record<number, number>;
  errors: number;
}

/** Loads one route with autocannon within the bounds, keeping every answer's latency and status. */
async function loadRoute(
  baseUrl: string,
  target: LoadTarget,
  bounds: LoadBounds,
  headers: Record<string, string>,
) {
  const measured: Measured = { latencies: [], statuses: {}, errors: 0 };
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: new URL(target.path, baseUrl).toString(),
        headers,
        amount: bounds.amount,
        connections: Math.min(bounds.connections, bounds.amount),
        timeout: 10,
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    measured.latencies.push(ms);
    measured.statuses[status] = (measured.statuses[status] ?? 0) + 1;
  });
  // autocannon ignores `duration` once `amount` is set, so the time bound is ours.
  const deadline = setTimeout(() => instance.stop(), bounds.seconds * 1000);
  try {
    measured.errors = (await finished).errors;
  } finally {
    clearTimeout(deadline);
  }
  return measured;
}

/**
 * Loads every target at once from this process over loopback, each within the bounds, and answers the
 * figures per target and over all of them (last).
 */
export async function measureLoad(
  baseUrl: string,
  targets: readonly LoadTarget[],
  bounds: LoadBounds,
  headers: Record<string, string>,
): Promise<LatencyFigures[]> {
  const measured = await Promise.all(targets.map((target) => loadRoute(baseUrl, target, bounds, headers)));
  const all: Measured = { latencies: [], statuses: {}, errors: 0 };
  for (const one of measured) {
    all.latencies.push(...one.latencies);
    all.errors += one.errors;
    for (const [code, count] of Object.entries(one.statuses))
      all.statuses[Number(code)] = (all.statuses[Number(code)] ?? 0) + count;
  }
  return [
    ...measured.map((one, i) => figures(targets[i]!.name, one.latencies, one.statuses, one.errors)),
    figures('all', all.latencies, all.statuses, all.errors),
  ];
}

/** `p50 3.1 ms, p99 12.4 ms, 300 requests, 0 errors, 0 5xx` */
export const describeFigures = (f: LatencyFigures): string =>
  `p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ${f.requests} requests, ${f.errors} errors, ${f.serverErrors} 5xx`;
