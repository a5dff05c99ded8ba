import { ADDRESS_REFUSED } from '../../http/address-policy.js';
import { HttpError } from '../../http/index.js';
import type { ConnectionTestResult } from '../connector.js';

/** What to tell the user for an answer status, or for no answer at all. */
export type FailureAdvice = Partial<Record<number | 'unreachable', string>>;

/** The address policy's reason inside a network error: "could not be reached (<reason>, ERR_…)"; it may hold parentheses. */
const REFUSAL = new RegExp(`could not be reached \\((.+), ${ADDRESS_REFUSED}\\)`);

/** Turns a failed connection test into plain words, keeping the technical error as a detail. */
export function failedConnectionTest(
  system: string,
  baseUrl: string,
  error: unknown,
  advice: FailureAdvice,
): ConnectionTestResult {
  if (!(error instanceof HttpError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `${system}: ${message}`, details: {} };
  }
  const host = new URL(baseUrl).host;
  const details = { kind: error.kind, status: error.status ?? null, error: error.message };
  // Reachable perhaps, but refused by iSync's own address policy: say so, not "check the URL".
  const refusal = error.kind === 'network' ? REFUSAL.exec(error.message)?.[1] : undefined;
  if (refusal) return { ok: false, message: `iSync will not connect to ${system}: ${refusal}.`, details };
  if (error.kind === 'network' || error.kind === 'timeout') {
    const said = advice.unreachable ?? `check the base URL and that ${host} is reachable from iSync`;
    return { ok: false, message: `Cannot reach ${system} at ${host}: ${said}.`, details };
  }
  const said = error.status === undefined ? undefined : advice[error.status];
  return {
    ok: false,
    message: said === undefined ? error.message : `${system} answered ${error.status}: ${said}.`,
    details,
  };
}

export async function testedConnection(
  system: string,
  baseUrl: string,
  advice: FailureAdvice,
  check: () => Promise<{ message: string; details: Record<string, unknown> }>,
): Promise<ConnectionTestResult> {
  try {
    return { ok: true, ...(await check()) };
  } catch (error) {
    return failedConnectionTest(system, baseUrl, error, advice);
  }
}
