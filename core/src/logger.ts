import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Field names whose values are credentials: pino replaces them wherever they appear in a log line. */
export const REDACTED_KEYS = [
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'authorization',
  'Authorization',
  'cookie',
  'passwordHash',
] as const;

const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`]);

export interface LoggerSettings {
  level: string;
  /** Pretty, human-readable lines (only when a person watches a terminal). */
  pretty?: boolean;
  /** Where lines go; a test can pass a stream to read them. */
  destination?: NodeJS.WritableStream;
}

export function createLogger({
  level,
  pretty = process.stdout.isTTY === true,
  destination,
}: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'isync' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(options, destination as pino.DestinationStream);
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(options);
}

/** A logger whose every line names the tenant, integration and run it is about. */
export function runLogger(
  logger: Logger,
  scope: { tenantId: string; integrationId?: string; runId?: string },
): Logger {
  return logger.child(scope);
}
