import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, parseConfig, type Config } from '@referral/config';
import { QUEUES } from '@referral/webhooks';
import { REPO_ROOT } from '../support/service-process';
import {
  ConfigMap,
  PlatformDeployment,
  PodDisruptionBudget,
  ScaledObject,
  Secret,
  Service,
  type Container,
} from './k8s-objects';
import { K8S_DIR, kustomization, kustomize, overlays, selects, type K8sObject } from './kustomize';

/** What the Secret holds; never in the ConfigMap. infra/k8s/README.md's command creates them. */
const SECRET_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'ADMIN_TOKEN',
  'WEBHOOK_SECRET_ENCRYPTION_KEY',
  'HOSTED_PAGE_TOKEN_KEY',
  'SESSION_SECRET',
  'SMTP_URL',
];
/** Stand-ins for a Secret the cluster holds, not the repository (production). */
const EXTERNAL_SECRET_VALUES: Record<string, string> = {
  DATABASE_URL: 'postgres://platform:password@postgres.example:5432/referral_platform',
  REDIS_URL: 'redis://redis.example:6379',
  ADMIN_TOKEN: 'an-operator-token-of-some-length',
  WEBHOOK_SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  HOSTED_PAGE_TOKEN_KEY: Buffer.alloc(32, 2).toString('base64'),
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  SMTP_URL: 'smtps://apikey:SG.key@smtp.sendgrid.net:465',
};
const SECRET_NAME = 'referral-platform-secrets';
const SERVICES = { api: 'referral-api', dispatcher: 'referral-dispatcher' } as const;

it('there is an overlay to check, and the secrets the README tells operators to create are those the manifests read', () => {
  expect(overlays().length).toBeGreaterThan(0);
  const readme = fs.readFileSync(path.join(K8S_DIR, 'README.md'), 'utf8');
  const at = readme.indexOf(`create secret generic ${SECRET_NAME}`);
  expect(at).toBeGreaterThan(0);
  const command = readme.slice(at, readme.indexOf('```', at));
  for (const variable of SECRET_VARIABLES) expect(command).toContain(`--from-literal=${variable}=`);
});

describe.each(overlays())('the %s overlay', (overlay) => {
  let objects: K8sObject[];
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const named = (kind: string, name: string) => {
    const found = all(kind).filter((o) => o.metadata.name === name);
    expect(found.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`${kind}/${name}`]);
    return found[0]!;
  };
  const deployment = (service: keyof typeof SERVICES) =>
    PlatformDeployment.parse(named('Deployment', SERVICES[service]));

  /** What the processes read: the ConfigMap, then the Secret (or stand-ins when it is external). */
  let variables: Record<string, string>;
  let config: Config;

  beforeAll(async () => {
    objects = await kustomize(path.join(K8S_DIR, 'overlays', overlay));
    const configMaps = all('ConfigMap').filter((o) =>
      o.metadata.name.startsWith('referral-platform-config'),
    );
    expect(configMaps).toHaveLength(1);
    const secrets = all('Secret').filter((o) => o.metadata.name.startsWith(SECRET_NAME));
    const secretData = secrets.length
      ? Object.fromEntries(
          Object.entries(Secret.parse(secrets[0]).data).map(([k, v]) => [
            k,
            Buffer.from(v, 'base64').toString('utf8'),
          ]),
        )
      : EXTERNAL_SECRET_VALUES;
    variables = { ...ConfigMap.parse(configMaps[0]).data, ...secretData };
    config = parseConfig(variables);
  });

  it('puts every object in its namespace, which it creates', () => {
    const namespace = kustomization(overlay).namespace;
    expect(namespace).toBeDefined();
    named('Namespace', namespace!);
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect(`${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`).toBe(
        `${o.kind}/${o.metadata.name} in ${namespace}`,
      );
    }
  });

  it('configures the services from a ConfigMap and a Secret of real config variables, that parse', () => {
    const configMap = ConfigMap.parse(
      all('ConfigMap').find((o) => o.metadata.name.startsWith('referral-platform-config')),
    );
    expect(Object.keys(configMap.data).filter((k) => !CONFIG_VARIABLES.includes(k))).toEqual([]);
    expect(Object.keys(configMap.data).filter((k) => SECRET_VARIABLES.includes(k))).toEqual([]);
    expect(Object.keys(variables).filter((k) => !CONFIG_VARIABLES.includes(k))).toEqual([]);
    expect(config.env).toBe('production');
    // Probes and Services reach the processes only on every interface.
    expect(config.http.host).toBe('0.0.0.0');

    const rendered = all('Secret').filter((o) => o.metadata.name.startsWith(SECRET_NAME));
    const secretNames = new Set<string>();
    for (const name of Object.values(SERVICES)) {
      const spec = PlatformDeployment.parse(named('Deployment', name)).spec.template.spec;
      for (const c of [...spec.initContainers, ...spec.containers]) {
        expect(c.envFrom).toEqual([
          { configMapRef: { name: configMap.metadata.name } },
          { secretRef: { name: expect.stringMatching(`^${SECRET_NAME}`) } },
        ]);
        secretNames.add((c.envFrom[1] as { secretRef: { name: string } }).secretRef.name);
      }
    }
    // Rendered (with its keys all there) or external, named as the README says to create it.
    expect([...secretNames]).toEqual([rendered[0]?.metadata.name ?? SECRET_NAME]);
    if (rendered.length) {
      expect(Object.keys(Secret.parse(rendered[0]).data).sort()).toEqual(
        [...SECRET_VARIABLES].sort(),
      );
    }
  });

  it('probes the API on /healthz and /readyz of its HTTP port, the dispatcher on its ops port', () => {
    const ports = { api: config.http.port, dispatcher: config.dispatcher.port };
    for (const service of ['api', 'dispatcher'] as const) {
      const [container] = deployment(service).spec.template.spec.containers;
      expect(container.name).toBe(service);
      // The probed port is the first; the API also has its ops port (metrics).
      const [port] = container.ports;
      expect(port!.containerPort).toBe(ports[service]);
      for (const probe of [container.startupProbe, container.livenessProbe]) {
        expect(probe.httpGet).toEqual({ path: '/healthz', port: port!.name });
      }
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: port!.name });
    }
    // Prometheus scrapes each dispatcher's /metrics (the autoscaler's source)
    // and each API's, on ops ports that are declared and that no Service exposes.
    const opsPorts = { api: config.api.opsPort, dispatcher: config.dispatcher.port };
    expect(deployment('api').spec.template.spec.containers[0].ports).toEqual([
      { name: 'http', containerPort: config.http.port },
      { name: 'ops', containerPort: config.api.opsPort },
    ]);
    for (const service of ['api', 'dispatcher'] as const) {
      expect(deployment(service).spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(opsPorts[service]),
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('gives every container resource requests and each pod a SIGTERM grace beyond its deadlines', () => {
    for (const service of ['api', 'dispatcher'] as const) {
      const spec = deployment(service).spec.template.spec;
      // The process's own deadline (SHUTDOWN_TIMEOUT_MS, itself longer than one
      // delivery's) must end it before the kubelet's SIGKILL does.
      expect(config.shutdownTimeoutMs).toBeGreaterThan(config.webhooks.timeoutMs);
      const preStopMs = preStopSleepMs(spec.containers[0]);
      expect(spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        preStopMs + config.shutdownTimeoutMs,
      );
    }
    // The API leaves the load balancers before it stops listening.
    expect(preStopSleepMs(deployment('api').spec.template.spec.containers[0])).toBeGreaterThan(0);
    expect(deployment('api').spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(deployment('dispatcher').spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('runs the services and their migration from the built entry points of this repository', () => {
    for (const service of ['api', 'dispatcher'] as const) {
      const spec = deployment(service).spec.template.spec;
      expect(spec.containers[0].command).toEqual(['node', `services/${service}/dist/main.js`]);
      expect(spec.initContainers.map((c) => [c.name, c.command])).toEqual([
        ['migrate', ['node', 'services/api/dist/migrate.js']],
      ]);
    }
    for (const entry of ['services/api/src/main.ts', 'services/dispatcher/src/main.ts']) {
      expect(fs.existsSync(path.join(REPO_ROOT, entry))).toBe(true);
    }
    expect(fs.existsSync(path.join(REPO_ROOT, 'services/api/src/migrate.ts'))).toBe(true);
  });

  it('runs the image and tag the overlay names in every platform container', () => {
    const images = kustomization(overlay).images ?? [];
    const image = images.find((i) => i.name === 'referral-platform');
    expect(image?.newTag).toMatch(/^(?!latest$)[\w][\w.-]*$/);
    const expected = `${image!.newName ?? image!.name}:${image!.newTag}`;
    for (const service of ['api', 'dispatcher'] as const) {
      const spec = deployment(service).spec.template.spec;
      const used = [...spec.initContainers, ...spec.containers].map((c: Container) => c.image);
      expect(new Set(used)).toEqual(new Set([expected]));
    }
  });

  it('selects each Deployment’s pods, and only them, with its Service and its PodDisruptionBudget', () => {
    const pods = Object.fromEntries(
      (['api', 'dispatcher'] as const).map((s) => [s, deployment(s).spec.template]),
    );
    for (const service of ['api', 'dispatcher'] as const) {
      const d = deployment(service);
      expect(selects(d.spec.selector.matchLabels, pods[service]!.metadata.labels)).toBe(true);
      const others = Object.entries(pods).filter(([s]) => s !== service);

      const svc = Service.parse(named('Service', SERVICES[service]));
      expect(selects(svc.spec.selector, pods[service]!.metadata.labels)).toBe(true);
      for (const [, p] of others)
        expect(selects(svc.spec.selector, p!.metadata.labels)).toBe(false);
      const portNames = d.spec.template.spec.containers[0].ports.map((p) => p.name);
      for (const p of svc.spec.ports) expect(portNames).toContain(p.targetPort);

      const budgets = all('PodDisruptionBudget')
        .map((o) => PodDisruptionBudget.parse(o))
        .filter((b) => selects(b.spec.selector.matchLabels, pods[service]!.metadata.labels));
      expect(budgets.map((b) => b.metadata.name)).toEqual([SERVICES[service]]);
      // A budget that allows no eviction would block every node drain.
      expect(budgets[0]!.spec).toMatchObject({ maxUnavailable: 1 });
    }
  });

  it('scales the dispatcher on its queue’s waiting deliveries, or runs a set number of replicas', () => {
    const dispatcher = deployment('dispatcher');
    const scalers = all('ScaledObject').map((o) => ScaledObject.parse(o));
    if (scalers.length === 0) {
      expect(dispatcher.spec.replicas).toBeGreaterThanOrEqual(1);
      return;
    }
    expect(scalers).toHaveLength(1);
    const { spec } = scalers[0]!;
    expect(spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: dispatcher.metadata.name,
    });
    // The autoscaler owns the count: a `replicas` would reset it on every apply.
    expect(dispatcher.spec.replicas).toBeUndefined();
    // The metric comes from the dispatchers: at zero replicas nothing reports the backlog.
    expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(spec.maxReplicaCount).toBeGreaterThan(spec.minReplicaCount);
    const { query, threshold } = spec.triggers[0]!.metadata;
    // Each dispatcher reports the same queue-wide count: max, never sum.
    expect(query).toMatch(/^max\(webhook_queue_jobs\{[^}]*\}\)$/);
    expect(query).toContain(`queue="${QUEUES.delivery.name}"`);
    expect(query).toContain('state="waiting"');
    expect(query).toContain(`namespace="${kustomization(overlay).namespace}"`);
    expect(Number(threshold)).toBeGreaterThan(0);
  });
});

function preStopSleepMs(container: { lifecycle?: { preStop: { exec: { command: string[] } } } }) {
  const command = container.lifecycle?.preStop.exec.command;
  if (!command) return 0;
  expect(command).toEqual(['sleep', expect.stringMatching(/^\d+$/)]);
  return Number(command[1]) * 1000;
}
