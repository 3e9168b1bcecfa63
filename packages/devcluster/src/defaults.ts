import type { KubeObject } from './types.js';

/**
 * The handful of built-in defaults that other behaviour depends on: list-map keys that include
 * a defaulted field (ports by containerPort+protocol), replica counts the workload simulator
 * reads, and Service addresses. A real API server defaults far more; nothing here needs it.
 */
type Defaulter = (object: any, allocate: Allocators) => void;

export interface Allocators {
  nextClusterIP(): string;
}

const portProtocol = (ports: any[] | undefined) => {
  for (const port of ports ?? []) if (port && typeof port === 'object') port.protocol ??= 'TCP';
};

function defaultPodSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  for (const list of [spec.containers, spec.initContainers]) {
    for (const container of Array.isArray(list) ? list : []) {
      if (container && typeof container === 'object') portProtocol(container.ports);
    }
  }
  spec.restartPolicy ??= 'Always';
}

const withReplicas: Defaulter = (object) => {
  object.spec ??= {};
  object.spec.replicas ??= 1;
  defaultPodSpec(object.spec.template?.spec);
};

const defaulters: Record<string, Defaulter> = {
  'apps/Deployment': (object, allocate) => {
    withReplicas(object, allocate);
    object.spec.revisionHistoryLimit ??= 10;
    object.spec.progressDeadlineSeconds ??= 600;
  },
  'apps/StatefulSet': withReplicas,
  'apps/ReplicaSet': withReplicas,
  'apps/DaemonSet': (object) => defaultPodSpec(object.spec?.template?.spec),
  'batch/Job': (object) => {
    object.spec ??= {};
    object.spec.completions ??= 1;
    object.spec.parallelism ??= 1;
    object.spec.backoffLimit ??= 6;
    defaultPodSpec(object.spec.template?.spec);
    if (object.spec.template?.spec?.restartPolicy === 'Always') object.spec.template.spec.restartPolicy = 'Never';
  },
  '/Pod': (object) => defaultPodSpec(object.spec),
  '/Secret': (object) => {
    object.type ??= 'Opaque';
    // As the API server does: stringData is write-only, merged into data (base64) and never stored.
    if (object.stringData && typeof object.stringData === 'object') {
      object.data ??= {};
      for (const [key, value] of Object.entries(object.stringData)) {
        object.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
      }
      delete object.stringData;
    }
  },
  '/Service': (object, allocate) => {
    object.spec ??= {};
    object.spec.type ??= 'ClusterIP';
    if (object.spec.type !== 'ExternalName') {
      object.spec.clusterIP ??= allocate.nextClusterIP();
      if (object.spec.clusterIP !== 'None') object.spec.clusterIPs ??= [object.spec.clusterIP];
      object.spec.sessionAffinity ??= 'None';
      object.spec.ipFamilies ??= ['IPv4'];
      object.spec.ipFamilyPolicy ??= 'SingleStack';
      object.spec.internalTrafficPolicy ??= 'Cluster';
    }
    for (const port of object.spec.ports ?? []) {
      if (!port || typeof port !== 'object') continue;
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
    }
  },
};

/** Applies the built-in defaults for `group/kind` in place (the object is a fresh copy). */
export function applyBuiltinDefaults(group: string, object: KubeObject, allocate: Allocators): void {
  defaulters[`${group}/${object.kind}`]?.(object, allocate);
}
