import { z } from 'zod';
import { ConfigError } from './errors.js';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** A retention period in whole days, from 1 to 100 years; empty means the default. */
const days = (fallback: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ error: 'must be a whole number of days from 1 to 36500' })
      .int('must be a whole number of days from 1 to 36500')
      .min(1, 'must be a whole number of days from 1 to 36500')
      .max(36500, 'must be a whole number of days from 1 to 36500')
      .default(fallback),
  );

/** What a process does: `all` (embedded: API and executor), or one role of a queue-mode deployment. */
export const PROCESS_ROLES = ['all', 'api', 'executor'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** Every setting iSync reads from its environment, with the embedded mode's defaults. */
/** A comma-separated list of host names, addresses or CIDR ranges (`10.0.0.0/8`, `::1`, `localhost`). */
const hostList = (variable: string) =>
  z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((entries) => entries.every((entry) => /^[a-z0-9._:-]+(\/\d{1,3})?$/.test(entry)), {
      error: `${variable}: list host names, addresses or CIDR ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8`,
    });

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number (0 to 65535)' })
    .int('must be a port number (0 to 65535)')
    .min(0, 'must be a port number (0 to 65535)')
    .max(65535, 'must be a port number (0 to 65535)')
    .default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  ISYNC_DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URL: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  /** 32 random bytes, base64. Without it, embedded mode generates one into the data dir. */
  ISYNC_MASTER_KEY: optionalString.pipe(z.base64().optional()),
  /** Earlier master keys (comma-separated base64), still accepted for opening secrets sealed before a rotation. */
  ISYNC_PREVIOUS_MASTER_KEYS: optionalString,
  ISYNC_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  ISYNC_ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ISYNC_DEMO: booleanFlag,
  /** Session cookies get `Secure` (iSync is served over TLS). */
  ISYNC_SECURE_COOKIES: booleanFlag,
  /** Whether connections may reach loopback and private addresses; default: yes embedded, no with MongoDB. */
  ISYNC_ALLOW_PRIVATE_HOSTS: z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).optional(),
  /**
   * Hosts and ranges on the platform floor (loopback, link-local, metadata, 0.0.0.0/8, this server's own
   * addresses) that connections may reach after all, comma-separated, e.g. `127.0.0.1,10.0.0.0/8`.
   */
  ISYNC_ALLOWED_HOSTS: hostList('ISYNC_ALLOWED_HOSTS'),
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated); default none. */
  ISYNC_TRUSTED_PROXIES: hostList('ISYNC_TRUSTED_PROXIES'),
  ISYNC_EXECUTOR_CONCURRENCY: z.coerce
    .number({ error: 'must be a whole number from 1 to 64' })
    .int('must be a whole number from 1 to 64')
    .min(1, 'must be a whole number from 1 to 64')
    .max(64, 'must be a whole number from 1 to 64')
    .default(16),
  /** How long runs (with their node traces) and exception log entries are kept. */
  ISYNC_RETENTION_DAYS: days(30),
  /** How long record events are kept (a record's last event of each kind is always kept). */
  ISYNC_EVENT_RETENTION_DAYS: days(365),
  /** What this process does: everything (embedded), or one role of a queue-mode deployment. */
  ISYNC_ROLE: optionalString.pipe(
    z.enum(PROCESS_ROLES, { error: 'must be all, api or executor' }).optional(),
  ),
  /** BullMQ's key prefix in Redis: one per deployment sharing a Redis (and per test). */
  ISYNC_QUEUE_PREFIX: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1 to 100 letters, digits, "_", "." or "-"')
      .optional(),
  ),
  /**
   * How long a run lock and a queue job lock live without renewal: after an executor dies, its integration's
   * next run waits this long. Longer than the slowest page.
   */
  ISYNC_QUEUE_LOCK_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds from 1000 to 3600000' })
    .int('must be a whole number of milliseconds from 1000 to 3600000')
    .min(1000, 'must be a whole number of milliseconds from 1000 to 3600000')
    .max(3_600_000, 'must be a whole number of milliseconds from 1000 to 3600000')
    .default(60_000),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUrl: string | undefined;
  redisUrl: string | undefined;
  masterKey: string | undefined;
  previousMasterKeys: string[];
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  demo: boolean;
  secureCookies: boolean;
  allowPrivateHosts: boolean;
  /** `ISYNC_ALLOWED_HOSTS`: the operator's exceptions to the outbound floor. */
  allowedHosts: string[];
  /** `ISYNC_TRUSTED_PROXIES`: peers whose X-Forwarded-For names the client. */
  trustedProxies: string[];
  executorConcurrency: number;
  /** Days runs, traces and exceptions are kept (`ISYNC_RETENTION_DAYS`). */
  retentionDays: number;
  /** Days record events are kept (`ISYNC_EVENT_RETENTION_DAYS`); at least `retentionDays`. */
  eventRetentionDays: number;
  /** `embedded`: SQLite and the in-process scheduler; `queue`: MongoDB and BullMQ on Redis. */
  store: 'sqlite' | 'mongodb';
  scheduler: 'in-process' | 'bullmq';
  /** `ISYNC_ROLE` (default `all`); `api` and `executor` need `REDIS_URL`. */
  role: ProcessRole;
  /** `ISYNC_QUEUE_PREFIX` (default `isync`): BullMQ's key prefix. */
  queuePrefix: string;
  /** `ISYNC_QUEUE_LOCK_MS` (default 60 s): run and job lock lifetime in queue mode. */
  queueLockMs: number;
}

/**
 * Reads the configuration from environment variables. A bad value throws a ConfigError naming the
 * variable, so start-up can stop with one clear line.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (e.ISYNC_EVENT_RETENTION_DAYS < e.ISYNC_RETENTION_DAYS) {
    throw new ConfigError(
      'ISYNC_EVENT_RETENTION_DAYS',
      `must be at least ISYNC_RETENTION_DAYS (${e.ISYNC_RETENTION_DAYS}): record events are kept longer than runs`,
    );
  }
  if (e.ISYNC_ADMIN_EMAIL && !e.ISYNC_ADMIN_PASSWORD) {
    throw new ConfigError('ISYNC_ADMIN_PASSWORD', 'is required when ISYNC_ADMIN_EMAIL is set');
  }
  const role = e.ISYNC_ROLE ?? 'all';
  if (role !== 'all' && !e.REDIS_URL) {
    throw new ConfigError(
      'REDIS_URL',
      `is required for the ${role} role: api and executor processes share their work through Redis (queue mode)`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.ISYNC_DATA_DIR,
    mongodbUrl: e.MONGODB_URL,
    redisUrl: e.REDIS_URL,
    masterKey: e.ISYNC_MASTER_KEY,
    previousMasterKeys: (e.ISYNC_PREVIOUS_MASTER_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
    adminEmail: e.ISYNC_ADMIN_EMAIL,
    adminPassword: e.ISYNC_ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    demo: e.ISYNC_DEMO,
    secureCookies: e.ISYNC_SECURE_COOKIES,
    allowPrivateHosts:
      e.ISYNC_ALLOW_PRIVATE_HOSTS === undefined || e.ISYNC_ALLOW_PRIVATE_HOSTS === ''
        ? !e.MONGODB_URL
        : ['1', 'true', 'yes'].includes(e.ISYNC_ALLOW_PRIVATE_HOSTS),
    allowedHosts: e.ISYNC_ALLOWED_HOSTS,
    trustedProxies: e.ISYNC_TRUSTED_PROXIES,
    executorConcurrency: e.ISYNC_EXECUTOR_CONCURRENCY,
    retentionDays: e.ISYNC_RETENTION_DAYS,
    eventRetentionDays: e.ISYNC_EVENT_RETENTION_DAYS,
    store: e.MONGODB_URL ? 'mongodb' : 'sqlite',
    scheduler: e.REDIS_URL ? 'bullmq' : 'in-process',
    role,
    queuePrefix: e.ISYNC_QUEUE_PREFIX ?? 'isync',
    queueLockMs: e.ISYNC_QUEUE_LOCK_MS,
  };
}
