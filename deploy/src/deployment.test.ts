/*
 * Helm and Docker cannot run on these machines (Jenkins runs `helm lint`, `helm template` and
 * `docker build`); these checks catch what can be caught without them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHART = join(ROOT, 'charts/isync');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** YAML as Compose and Helm read it: `<<` merge keys apply. */
const readYaml = (path: string): any => parse(read(path), { merge: true });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Helm's merge of an environment's values over values.yaml: maps merge, everything else is replaced. */
function mergeValues(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeValues(base[key], value);
  return merged;
}

/** Whether a dotted path (`api.autoscaling.enabled`) leads to a key of `values`. */
function hasPath(values: unknown, path: string): boolean {
  let at: unknown = values;
  for (const key of path.split('.')) {
    if (!isObject(at) || !(key in at)) return false;
    at = at[key];
  }
  return true;
}

/** `validateSchema: false` for schemas whose `$schema` names a meta-schema by another URL (Compose's). */
function ajv(options: { validateSchema?: boolean } = {}) {
  const validator = new Ajv({ allErrors: true, strict: false, ...options });
  addFormats.default(validator);
  return validator;
}

describe('the Helm chart', () => {
  const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as AnySchema;
  const defaults = readYaml('charts/isync/values.yaml');
  const validate = ajv().compile(schema);
  const templates = filesUnder(join(CHART, 'templates')).map((file) => ({
    name: relative(CHART, file),
    text: readFileSync(file, 'utf8'),
  }));

  it.each(
    readdirSync(CHART)
      .filter((name) => /^values.*\.yaml$/.test(name))
      .map((name) => [name]),
  )('%s (over values.yaml, as Helm merges them) matches values.schema.json', (name) => {
    const values =
      name === 'values.yaml' ? defaults : mergeValues(defaults, readYaml(`charts/isync/${name}`));
    expect(validate(values) ? [] : validate.errors).toEqual([]);
  });

  it('refuses values that break the security baseline or the queue settings', () => {
    const broken = mergeValues(defaults, {
      securityContext: { readOnlyRootFilesystem: false },
      config: { queuePrefix: 'has spaces' },
      api: { replicas: 0 },
    });
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((error) => error.instancePath).sort()).toEqual([
      '/api/replicas',
      '/config/queuePrefix',
      '/securityContext/readOnlyRootFilesystem',
    ]);
  });

  it('uses in its templates only values that values.yaml defines', () => {
    const missing: string[] = [];
    for (const { name, text } of templates) {
      for (const [, path] of text.matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) {
        if (!hasPath(defaults, path!)) missing.push(`${name}: .Values.${path}`);
      }
      // `$v` is one role's values inside `range $role := list "api" "executor"`.
      for (const [, path] of text.matchAll(/\$v\.([A-Za-z0-9_.]+)/g)) {
        for (const role of ['api', 'executor']) {
          if (!hasPath(defaults, `${role}.${path}`)) missing.push(`${name}: .Values.${role}.${path}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('rolls out without downtime, probes /readyz and /healthz, and runs non-root on a read-only root', () => {
    const deployments = templates.find((t) => t.name === 'templates/deployments.yaml')!.text;
    expect(deployments).toContain('maxUnavailable: 0');
    expect(deployments).toMatch(/readinessProbe:\s+httpGet:\s+path: \/readyz/);
    expect(deployments).toMatch(/livenessProbe:\s+httpGet:\s+path: \/healthz/);
    expect(defaults.podSecurityContext.runAsNonRoot).toBe(true);
    expect(defaults.securityContext.readOnlyRootFilesystem).toBe(true);
    const hpa = templates.find((t) => t.name === 'templates/autoscaling.yaml')!.text;
    for (const metric of ['name: cpu', 'name: memory', 'type: External']) expect(hpa).toContain(metric);
    const kinds = templates.flatMap(({ text }) => [...text.matchAll(/^kind: (\w+)/gm)].map((m) => m[1]));
    expect(new Set(kinds)).toEqual(
      new Set([
        'ConfigMap',
        'Deployment',
        'ExternalSecret',
        'HorizontalPodAutoscaler',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'PrometheusRule',
        'Secret',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
      ]),
    );
  });

  it('runs production in us-west-1 with at least one replica per role and autoscaling', () => {
    const production = mergeValues(defaults, readYaml('charts/isync/values-production.yaml')) as any;
    expect(production.image.repository).toContain('.dkr.ecr.us-west-1.amazonaws.com/');
    for (const role of ['api', 'executor']) {
      expect(production[role].autoscaling).toMatchObject({ enabled: true, minReplicas: 1 });
    }
    expect(production.executor.autoscaling.queueDepth.enabled).toBe(true);
    expect(production.serviceAccount.roleArn).toMatch(/^arn:aws:iam::\d{12}:role\//);
  });
});

describe('the monitoring files', () => {
  it('alerts on failure rate, queue backlog, pod restarts and high memory', () => {
    const rules = readYaml('charts/isync/monitoring/prometheus-rules.yaml');
    const alerts = rules.groups.flatMap((group: any) => group.rules.map((rule: any) => rule.alert));
    expect(alerts).toEqual(
      expect.arrayContaining([
        'IsyncRunFailureRateHigh',
        'IsyncQueueBacklog',
        'IsyncPodRestarting',
        'IsyncMemoryHigh',
      ]),
    );
  });

  it('charts every series /metrics serves', () => {
    const dashboard = JSON.parse(read('charts/isync/monitoring/grafana-dashboard.json'));
    const exprs = dashboard.panels.flatMap((panel: any) => panel.targets.map((t: any) => t.expr)).join('\n');
    for (const series of [
      'isync_http_requests_total',
      'isync_http_request_duration_seconds',
      'isync_runs_total',
      'isync_records_total',
      'isync_push_duration_seconds',
      'isync_queue_depth',
    ]) {
      expect(exprs).toContain(series);
    }
  });
});

describe('every deployment YAML and JSON file that is not a template', () => {
  const files = [
    'docker-compose.yml',
    ...filesUnder(CHART)
      .map((file) => relative(ROOT, file))
      .filter((file) => !file.includes('/templates/') && /\.(ya?ml|json)$/.test(file)),
    ...filesUnder(join(ROOT, 'deploy/schemas'))
      .map((file) => relative(ROOT, file))
      .filter((file) => file.endsWith('.json')),
  ];
  it.each(files.map((file) => [file]))('%s parses', (file) => {
    if (file.endsWith('.json')) {
      expect(() => JSON.parse(read(file))).not.toThrow();
    } else {
      const documents = parseAllDocuments(read(file), { merge: true });
      expect(documents.flatMap((document) => document.errors)).toEqual([]);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = readYaml('docker-compose.yml');

  it('follows the Compose specification', () => {
    const schema = JSON.parse(read('deploy/schemas/compose-spec.json')) as AnySchema;
    const validate = ajv({ validateSchema: false }).compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    // The schema does catch a mistake: replicas belong under deploy.
    expect(validate({ ...compose, services: { api: { ...compose.services.api, replicas: 2 } } })).toBe(false);
  });

  it('runs MongoDB as a replica set, Redis, two API and two executor replicas and the simulators, all with healthchecks', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'executor',
      'mongodb',
      'redis',
      'simulators',
    ]);
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect(service.healthcheck?.test, `${name} has a healthcheck`).toBeDefined();
    }
    expect(compose.services.mongodb.command).toContain('--replSet');
    expect(compose.services.api).toMatchObject({
      command: ['api'],
      deploy: { replicas: 2 },
      env_file: '.env',
    });
    expect(compose.services.executor).toMatchObject({ command: ['executor'], deploy: { replicas: 2 } });
    expect(compose.services.simulators.command).toEqual(['simulators']);
  });

  it('.env.example names every setting queue mode needs', () => {
    const names = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('=')));
    expect(names).toEqual(
      expect.arrayContaining(['MONGODB_URL', 'REDIS_URL', 'ISYNC_MASTER_KEY', 'ISYNC_QUEUE_PREFIX']),
    );
    expect(read('.env.example')).toContain('replicaSet=rs0');
  });
});

describe('the image and the pipeline', () => {
  it('builds in stages and runs as a non-root user under tini, with a healthcheck', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"/m);
    expect(read('deploy/docker/entrypoint.sh')).toMatch(/api \| executor \| all\)[\s\S]*simulators\)/);
  });

  it('tests with MongoDB and Redis, scans, builds, pushes and deploys to staging then production', () => {
    const jenkinsfile = read('Jenkinsfile');
    for (const step of [
      'ISYNC_REQUIRE',
      'MONGODB_URL',
      'waitForQualityGate',
      'docker build',
      'ecr get-login-password',
      'helm lint',
      'helm template',
      'values-staging.yaml',
      'input ',
      'values-production.yaml',
    ]) {
      expect(jenkinsfile).toContain(step);
    }
    expect(jenkinsfile).toMatch(/ISYNC_REQUIRE\s*=\s*'redis,mongodb'/);
  });
});
