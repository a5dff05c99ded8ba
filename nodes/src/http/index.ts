export { createHttpClient } from './client.js';
export type {
  HttpClient,
  HttpClientOptions,
  HttpLogger,
  HttpMethod,
  HttpRequest,
  HttpResponse,
} from './client.js';
export { HttpError, kindOfStatus } from './errors.js';
export type { HttpErrorDetails, HttpErrorKind } from './errors.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export {
  DEFAULT_RETRY,
  RETRYABLE_STATUSES,
  serverRequestedDelayMs,
  UNPROCESSED_STATUSES,
} from './retry-policy.js';
export type { RetryOptions } from './retry-policy.js';
export { Redactor, DEFAULT_SECRET_HEADERS } from './redact.js';
export {
  AddressRefusedError,
  checkHost,
  classifyAddress,
  guardedLookup,
  inAddressList,
  isHostAllowance,
  refusalOf,
  systemResolver,
  tenantAllowanceProblem,
  WIDEST_TENANT_PREFIX,
} from './address-policy.js';
export type { AddressPolicy, HostResolver } from './address-policy.js';
