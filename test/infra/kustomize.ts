import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../support/service-process';

export const K8S_DIR = path.join(REPO_ROOT, 'infra', 'k8s');

/** Debian's `kubectl` (package kubernetes-client) or any later one; `KUBECTL_PATH` overrides. */
const KUBECTL = process.env.KUBECTL_PATH ?? 'kubectl';

/** A Kubernetes object as rendered: only what the checks read is typed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // The rest is read by path in the checks.
  [field: string]: unknown;
}

/** `kubectl kustomize <dir>`: every object it renders. */
export async function kustomize(dir: string): Promise<K8sObject[]> {
  const { stdout } = await promisify(execFile)(KUBECTL, ['kustomize', dir], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new Error(`${KUBECTL} not found: apt-get install kubernetes-client, or set KUBECTL_PATH`);
  });
  return parseAllDocuments(stdout).map((doc) => {
    if (doc.errors.length) throw new Error(`${dir}: ${doc.errors[0]!.message}`);
    return doc.toJS() as K8sObject;
  });
}

/** The overlays, as folders of infra/k8s/overlays: a new one is checked without naming it here. */
export function overlays(): string[] {
  const root = path.join(K8S_DIR, 'overlays');
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** An overlay's own kustomization.yaml, as written. */
export function kustomization(overlay: string): {
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
} {
  const file = path.join(K8S_DIR, 'overlays', overlay, 'kustomization.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))[0]!.toJS() as never;
}

/** Does `selector` (matchLabels) pick pods labelled `labels`? */
export function selects(selector: Record<string, string>, labels: Record<string, string> = {}) {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}
