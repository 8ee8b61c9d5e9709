import { z } from 'zod';

/**
 * The shapes the rendered manifests must have, as zod schemas: a parse
 * failure names the missing field (a probe, a resource request, …).
 */
const Labels = z.record(z.string(), z.string());
const Port = z.union([z.string(), z.number()]);

const HttpProbe = z.object({ httpGet: z.object({ path: z.string(), port: Port }) });

const Resources = z.object({
  requests: z.object({ cpu: Port, memory: z.string() }),
  limits: z.object({ memory: z.string() }),
});

const EnvFromSource = z.union([
  z.object({ configMapRef: z.object({ name: z.string() }) }),
  z.object({ secretRef: z.object({ name: z.string() }) }),
]);

export const Container = z.object({
  name: z.string(),
  image: z.string(),
  command: z.array(z.string()).min(1),
  envFrom: z.array(EnvFromSource).min(1),
  resources: Resources,
});
export type Container = z.infer<typeof Container>;

/** The API's and the dispatcher's own container: it listens and is probed. */
export const ServingContainer = Container.extend({
  ports: z.array(z.object({ name: z.string(), containerPort: z.number() })).min(1),
  startupProbe: HttpProbe,
  livenessProbe: HttpProbe,
  readinessProbe: HttpProbe,
  lifecycle: z
    .object({ preStop: z.object({ exec: z.object({ command: z.array(z.string()) }) }) })
    .optional(),
});
export type ServingContainer = z.infer<typeof ServingContainer>;

export const PlatformDeployment = z.object({
  metadata: z.object({ name: z.string(), labels: Labels }),
  spec: z.object({
    replicas: z.number().int().optional(),
    selector: z.object({ matchLabels: Labels }),
    strategy: z.object({
      rollingUpdate: z.object({ maxUnavailable: Port, maxSurge: Port }),
    }),
    template: z.object({
      metadata: z.object({ labels: Labels, annotations: Labels.optional() }),
      spec: z.object({
        terminationGracePeriodSeconds: z.number().int(),
        initContainers: z.array(Container).min(1),
        containers: z.tuple([ServingContainer]),
      }),
    }),
  }),
});
export type PlatformDeployment = z.infer<typeof PlatformDeployment>;

export const Service = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    selector: Labels,
    ports: z.array(z.object({ port: z.number(), targetPort: Port })).min(1),
  }),
});

export const PodDisruptionBudget = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.union([
    z.object({ maxUnavailable: Port, selector: z.object({ matchLabels: Labels }) }),
    z.object({ minAvailable: Port, selector: z.object({ matchLabels: Labels }) }),
  ]),
});

export const ScaledObject = z.object({
  spec: z.object({
    scaleTargetRef: z.object({ apiVersion: z.string(), kind: z.string(), name: z.string() }),
    minReplicaCount: z.number().int(),
    maxReplicaCount: z.number().int(),
    triggers: z
      .array(
        z.object({
          type: z.literal('prometheus'),
          metadata: z.object({ serverAddress: z.url(), query: z.string(), threshold: z.string() }),
        }),
      )
      .length(1),
  }),
});

export const ConfigMap = z.object({
  metadata: z.object({ name: z.string() }),
  data: z.record(z.string(), z.string()),
});

export const Secret = z.object({
  metadata: z.object({ name: z.string() }),
  data: z.record(z.string(), z.string()),
});
