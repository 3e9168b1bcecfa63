import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type ControllerName, controllerNames } from '../../src/context/flux-kinds.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../../..');
const helmBinary = join(repoRoot, '.tools/bin/helm');
const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

const controllers = controllerNames;
type Controller = ControllerName;
const applyingControllers: readonly Controller[] = ['kustomize-controller', 'helm-controller'];

/** The CRDs each chart installs (packages/api/crds file names). */
const ownedCrds: Record<Controller, string[]> = {
  'source-controller': [
    'source.toolkit.fluxcd.io_gitrepositories.yaml',
    'source.toolkit.fluxcd.io_helmcharts.yaml',
    'source.toolkit.fluxcd.io_helmrepositories.yaml',
    'source.toolkit.fluxcd.io_ocirepositories.yaml',
  ],
  'kustomize-controller': ['kustomize.toolkit.fluxcd.io_kustomizations.yaml'],
  'helm-controller': ['helm.toolkit.fluxcd.io_helmreleases.yaml'],
  'image-automation-controller': [
    'image.toolkit.fluxcd.io_imagepolicies.yaml',
    'image.toolkit.fluxcd.io_imagerepositories.yaml',
    'image.toolkit.fluxcd.io_imageupdateautomations.yaml',
  ],
  'notification-controller': [
    'notification.toolkit.fluxcd.io_alerts.yaml',
    'notification.toolkit.fluxcd.io_providers.yaml',
    'notification.toolkit.fluxcd.io_receivers.yaml',
  ],
};

/** `source.toolkit.fluxcd.io_gitrepositories.yaml` → `gitrepositories.source.toolkit.fluxcd.io`. */
const crdNameOfFile = (file: string) => {
  const [group, plural] = file.replace(/\.yaml$/, '').split('_');
  return `${plural}.${group}`;
};

/** The template files every controller chart shares word for word (what differs is in _profile.tpl). */
const sharedTemplates = [
  '_helpers.tpl',
  'deployment.yaml',
  'networkpolicy.yaml',
  'rbac.yaml',
  'service.yaml',
  'serviceaccount.yaml',
  'servicemonitor.yaml',
];

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: any;
}

let work: string;
let charts: string;
let helmEnv: Record<string, string>;
let cluster: DevCluster | undefined;

async function helm(args: string[]): Promise<string> {
  return (await run(helmBinary, args, { cwd: work, env: helmEnv, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** Runs helm expecting it to fail; returns what it printed. */
async function helmFails(args: string[]): Promise<string> {
  try {
    await helm(args);
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return `${failed.stdout}\n${failed.stderr}`;
  }
  throw new Error(`helm ${args.join(' ')} succeeded`);
}

async function render(chart: string, set: string[] = []): Promise<Manifest[]> {
  const args = ['template', 'rel', join(charts, chart), '-n', 'flux-system', '--include-crds'];
  for (const value of set) args.push('--set', value);
  return parseAllDocuments(await helm(args))
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
}

async function kubectlJson<T = any>(args: string[]): Promise<T> {
  const { stdout } = await run(kubectlBinary, ['--kubeconfig', cluster!.kubeconfigPath, ...args, '-o', 'json'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

function rulesFor(rules: Rule[], group: string, resource: string): string[] {
  return rules
    .filter((rule) => rule.apiGroups.includes(group) && rule.resources.includes(resource))
    .flatMap((rule) => rule.verbs)
    .sort();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-charts-'));
  helmEnv = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    HELM_CONFIG_HOME: join(work, 'config'),
    HELM_CACHE_HOME: join(work, 'cache'),
    HELM_DATA_HOME: join(work, 'data'),
  };
  // A copy, so that `helm dependency build` (charts/driftless/charts/*.tgz) never touches the checkout.
  charts = join(work, 'charts');
  await cp(join(repoRoot, 'charts'), charts, { recursive: true });
  await helm(['dependency', 'build', join(charts, 'driftless')]);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('chart sources', () => {
  it('share the common templates word for word', async () => {
    for (const file of sharedTemplates) {
      const reference = await readFile(join(repoRoot, 'charts', controllers[0], 'templates', file), 'utf8');
      for (const chart of controllers.slice(1)) {
        expect(await readFile(join(repoRoot, 'charts', chart, 'templates', file), 'utf8'), `${chart}/${file}`).toBe(
          reference,
        );
      }
    }
  });

  it('carry exact copies of the CRDs of the kinds their controller owns', async () => {
    const generated = (await readdir(join(repoRoot, 'packages/api/crds'))).sort();
    expect(Object.values(ownedCrds).flat().sort()).toEqual(generated);
    for (const chart of controllers) {
      expect((await readdir(join(repoRoot, 'charts', chart, 'crds'))).sort()).toEqual(ownedCrds[chart]);
      for (const file of ownedCrds[chart]) {
        expect(await readFile(join(repoRoot, 'charts', chart, 'crds', file), 'utf8'), file).toBe(
          await readFile(join(repoRoot, 'packages/api/crds', file), 'utf8'),
        );
      }
    }
  });
});

describe('helm lint and template', () => {
  it.each([...controllers, 'driftless'])('%s lints clean', async (chart) => {
    const output = await helm(['lint', '--strict', join(charts, chart)]);
    expect(output).toContain('0 chart(s) failed');
    expect(output).not.toMatch(/\[(WARNING|ERROR)\]/);
  });

  it.each(controllers)('%s renders a restricted Deployment with probes, env and scratch volumes', async (chart) => {
    const docs = await render(chart);
    const deployment = docs.find((doc) => doc.kind === 'Deployment')!;
    expect(deployment.metadata.name).toBe(`rel-${chart}`);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe(`driftless/${chart}:0.1.0`);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env).toMatchObject({
      LEADER_ELECT: 'true',
      HTTP_PORT: '9440',
      CONCURRENT: '4',
      LOG_LEVEL: 'info',
      NATS_URL: 'nats://nats:4222',
      DRIFTLESS_NATS_PREFIX: 'driftless',
    });
    const fromField = (name: string) =>
      container.env.find((e: { name: string }) => e.name === name)?.valueFrom?.fieldRef?.fieldPath;
    expect(fromField('POD_NAME')).toBe('metadata.name');
    expect(fromField('POD_NAMESPACE')).toBe('metadata.namespace');
    expect(fromField('LEADER_ELECTION_NAMESPACE')).toBe('metadata.namespace');
    // Every path the controller writes is an emptyDir: the root filesystem is read-only.
    const mounts = new Map<string, string>(
      container.volumeMounts.map((m: { name: string; mountPath: string }) => [m.mountPath, m.name]),
    );
    const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: { name: string }) => v.name));
    const scratchEnv: Record<Controller, string[]> = {
      'source-controller': ['STORAGE_PATH', 'CACHE_PATH'],
      'kustomize-controller': ['SCRATCH_PATH'],
      'helm-controller': ['SCRATCH_PATH'],
      'image-automation-controller': ['WORK_PATH'],
      'notification-controller': [],
    };
    for (const path of ['/tmp', ...scratchEnv[chart].map((name) => env[name])]) {
      expect(emptyDirs.has(mounts.get(path)), path).toBe(true);
    }
  });

  it('points the source-controller advertised artifact URL at its Service', async () => {
    const docs = await render('source-controller');
    const env = docs.find((doc) => doc.kind === 'Deployment')!.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'STORAGE_PORT', value: '9090' });
    expect(env).toContainEqual({
      name: 'STORAGE_ADV_ADDR',
      value: 'http://rel-source-controller.flux-system.svc.cluster.local',
    });
    const service = docs.find((doc) => doc.kind === 'Service' && doc.metadata.name === 'rel-source-controller')!;
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'artifacts', protocol: 'TCP' }]);
  });

  it('mounts the NATS credentials and TLS Secrets as files', async () => {
    const docs = await render('notification-controller', [
      'nats.credsSecret.name=nats-user',
      'nats.tls.caSecret.name=nats-ca',
      'nats.tls.certSecret.name=nats-client',
    ]);
    const pod = docs.find((doc) => doc.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'NATS_CREDS_FILE', value: '/etc/driftless/nats/nats-creds/nats.creds' },
        { name: 'NATS_TLS_CA_FILE', value: '/etc/driftless/nats/nats-tls-ca/ca.crt' },
        { name: 'NATS_TLS_CERT_FILE', value: '/etc/driftless/nats/nats-tls-cert/tls.crt' },
        { name: 'NATS_TLS_KEY_FILE', value: '/etc/driftless/nats/nats-tls-cert/tls.key' },
      ]),
    );
    expect(pod.volumes).toContainEqual({
      name: 'nats-creds',
      secret: { secretName: 'nats-user', defaultMode: 0o440, items: [{ key: 'nats.creds', path: 'nats.creds' }] },
    });
    const error = await helmFails([
      'template',
      'rel',
      join(charts, 'source-controller'),
      '--set',
      'nats.credsSecret.name=a',
      '--set',
      'nats.nkeySecret.name=b',
    ]);
    expect(error).toContain('set only one of nats.credsSecret.name and nats.nkeySecret.name');
  });

  it('binds cluster-admin for the applying controllers only, and only while rbac.clusterAdmin', async () => {
    for (const chart of controllers) {
      const bindings = (await render(chart)).filter((doc) => doc.kind === 'ClusterRoleBinding');
      const admin = bindings.filter((doc) => doc.roleRef.name === 'cluster-admin');
      expect(admin, chart).toHaveLength(applyingControllers.includes(chart) ? 1 : 0);
    }
    const withoutAdmin = await render('kustomize-controller', ['rbac.clusterAdmin=false']);
    expect(withoutAdmin.filter((doc) => doc.roleRef?.name === 'cluster-admin')).toEqual([]);
  });

  it('renders the optional ServiceMonitor and NetworkPolicy', async () => {
    const docs = await render('notification-controller', ['serviceMonitor.enabled=true', 'networkPolicy.enabled=true']);
    const monitor = docs.find((doc) => doc.kind === 'ServiceMonitor')!;
    expect(monitor.spec.endpoints).toEqual([{ port: 'http-metrics', path: '/metrics', interval: '30s' }]);
    expect(monitor.spec.selector.matchLabels['app.kubernetes.io/service']).toBe('metrics');
    const policy = docs.find((doc) => doc.kind === 'NetworkPolicy')!;
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([
      {
        ports: [
          { port: 9440, protocol: 'TCP' },
          { port: 9292, protocol: 'TCP' },
        ],
      },
    ]);
    const plain = await render('notification-controller');
    expect(plain.map((doc) => doc.kind)).not.toContain('ServiceMonitor');
    expect(plain.map((doc) => doc.kind)).not.toContain('NetworkPolicy');
  });

  it('renders any subset of controllers from the umbrella chart', async () => {
    const all = await render('driftless');
    expect(all.filter((doc) => doc.kind === 'Deployment').map((doc) => doc.metadata.name)).toHaveLength(5);
    const some = await render('driftless', [
      'helm-controller.enabled=false',
      'image-automation-controller.enabled=false',
    ]);
    expect(
      some
        .filter((doc) => doc.kind === 'Deployment')
        .map((doc) => doc.metadata.name)
        .sort(),
    ).toEqual(['rel-kustomize-controller', 'rel-notification-controller', 'rel-source-controller']);
    expect(some.filter((doc) => doc.kind === 'CustomResourceDefinition')).toHaveLength(8);
  });
});

describe('values.schema.json', () => {
  it.each([
    ['source-controller', 'replicas=two', 'replicas'],
    ['kustomize-controller', 'logLevel=loud', 'logLevel'],
    ['helm-controller', 'replicaCount=2', 'replicaCount'],
    ['image-automation-controller', 'concurrency=0', 'concurrency'],
    ['notification-controller', 'nats.prefix=a.b', 'nats.prefix'],
    ['notification-controller', 'nats.url=http://nats:4222', 'nats.url'],
    ['source-controller', 'rbac.clusterAdmin=true', 'clusterAdmin'],
    ['driftless', 'sourceController.enabled=true', 'sourceController'],
    ['driftless', 'helm-controller.replicas=two', 'replicas'],
  ])('%s rejects %s, naming %s', async (chart, value, field) => {
    const template = await helmFails(['template', 'rel', join(charts, chart), '--set', value]);
    expect(template).toContain(field);
    expect(template).toMatch(/schema|Additional property|Invalid type|must be|does not match/);
    const lint = await helmFails(['lint', join(charts, chart), '--set', value]);
    expect(lint).toContain(field);
  });
});

describe('installed into the dev cluster', () => {
  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    helmEnv.KUBECONFIG = cluster.kubeconfigPath;
  }, 60_000);

  it('installs the umbrella chart with every controller', async () => {
    await helm([
      'install',
      'driftless',
      join(charts, 'driftless'),
      '-n',
      'driftless-system',
      '--create-namespace',
      '--wait',
      '--timeout',
      '60s',
    ]);

    const crds = await kubectlJson<{ items: Manifest[] }>(['get', 'customresourcedefinitions']);
    expect(crds.items.map((crd) => crd.metadata.name).sort()).toEqual(
      Object.values(ownedCrds)
        .flat()
        .map((file) => {
          const [group, plural] = file.replace(/\.yaml$/, '').split('_');
          return `${plural}.${group}`;
        })
        .sort(),
    );

    const accounts = await kubectlJson<{ items: Manifest[] }>(['get', 'serviceaccounts', '-n', 'driftless-system']);
    for (const chart of controllers) {
      expect(accounts.items.map((sa) => sa.metadata.name)).toContain(`driftless-${chart}`);
    }

    const roles = await kubectlJson<{ items: (Manifest & { rules: Rule[] })[] }>([
      'get',
      'clusterroles',
      '-l',
      'app.kubernetes.io/part-of=driftless',
    ]);
    const rules = (chart: Controller) => roles.items.find((role) => role.metadata.name === `driftless-${chart}`)!.rules;
    const source = rules('source-controller');
    expect(rulesFor(source, 'source.toolkit.fluxcd.io', 'gitrepositories')).toEqual([
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    expect(rulesFor(source, 'source.toolkit.fluxcd.io', 'gitrepositories/status')).toEqual(['get', 'patch', 'update']);
    expect(rulesFor(source, 'source.toolkit.fluxcd.io', 'gitrepositories/finalizers')).toEqual(['update']);
    expect(rulesFor(source, '', 'secrets')).toEqual(['get']);
    expect(rulesFor(source, '', 'events')).toEqual(['create', 'patch']);
    expect(rulesFor(source, '', 'configmaps')).toEqual([]);
    // Its own kinds (three rules), Secrets and Events: nothing else.
    expect(source.flatMap((rule) => rule.apiGroups).sort()).toEqual([
      '',
      '',
      'source.toolkit.fluxcd.io',
      'source.toolkit.fluxcd.io',
      'source.toolkit.fluxcd.io',
    ]);
    expect(rulesFor(rules('kustomize-controller'), '', 'serviceaccounts')).toEqual(['impersonate']);
    expect(rulesFor(rules('helm-controller'), 'source.toolkit.fluxcd.io', 'helmcharts')).toEqual([
      'create',
      'delete',
      'get',
      'patch',
    ]);
    expect(rulesFor(rules('image-automation-controller'), '', 'namespaces')).toEqual(['get']);
    expect(rulesFor(rules('image-automation-controller'), 'source.toolkit.fluxcd.io', 'gitrepositories')).toEqual([
      'get',
    ]);
    expect(rulesFor(rules('notification-controller'), 'kustomize.toolkit.fluxcd.io', 'kustomizations')).toEqual([
      'get',
      'list',
      'patch',
    ]);
    expect(rulesFor(rules('notification-controller'), 'notification.toolkit.fluxcd.io', 'alerts')).toEqual([
      'get',
      'list',
      'watch',
    ]);
    for (const role of roles.items) {
      expect(role.rules.flatMap((rule) => rule.verbs)).not.toContain('*');
      expect(role.rules.flatMap((rule) => rule.resources)).not.toContain('*');
    }

    const bindings = await kubectlJson<{ items: Manifest[] }>(['get', 'clusterrolebindings']);
    const adminBound = bindings.items
      .filter((binding) => binding.roleRef.name === 'cluster-admin')
      .flatMap((binding) => binding.subjects.map((subject: { name: string }) => subject.name))
      .sort();
    expect(adminBound).toEqual(['driftless-helm-controller', 'driftless-kustomize-controller']);

    const leases = await kubectlJson<{ items: (Manifest & { rules: Rule[] })[] }>([
      'get',
      'roles',
      '-n',
      'driftless-system',
    ]);
    for (const role of leases.items) {
      expect(role.rules).toEqual([
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
      ]);
    }
    expect(leases.items).toHaveLength(5);

    const deployments = await kubectlJson<{ items: Manifest[] }>(['get', 'deployments', '-n', 'driftless-system']);
    expect(deployments.items).toHaveLength(5);
    for (const deployment of deployments.items) {
      const container = deployment.spec.template.spec.containers[0];
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 65532,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
      expect(deployment.status.readyReplicas).toBe(1);
    }

    const services = await kubectlJson<{ items: Manifest[] }>(['get', 'services', '-n', 'driftless-system']);
    const ports = Object.fromEntries(
      services.items.map((service) => [
        service.metadata.name,
        service.spec.ports.map((port: { port: number; targetPort: string }) => `${port.port}->${port.targetPort}`),
      ]),
    );
    expect(ports).toEqual({
      ...Object.fromEntries(controllers.map((chart) => [`driftless-${chart}-metrics`, ['9440->http']])),
      'driftless-source-controller': ['80->artifacts'],
      'driftless-notification-controller-webhook-receiver': ['80->receiver'],
    });
  });

  it('installs one controller chart on its own, and uninstalls it leaving its CRDs', async () => {
    await helm([
      'install',
      'solo',
      join(charts, 'image-automation-controller'),
      '-n',
      'solo',
      '--create-namespace',
      '--set',
      'networkPolicy.enabled=true',
      '--set',
      'replicas=2',
      '--wait',
      '--timeout',
      '60s',
    ]);
    const deployment = await kubectlJson(['get', 'deployment', 'solo-image-automation-controller', '-n', 'solo']);
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.status.readyReplicas).toBe(2);
    const policy = await kubectlJson(['get', 'networkpolicy', 'solo-image-automation-controller', '-n', 'solo']);
    expect(policy.spec.ingress).toEqual([{ ports: [{ port: 9440, protocol: 'TCP' }] }]);
    const role = await kubectlJson(['get', 'clusterrole', 'solo-image-automation-controller']);
    expect(rulesFor(role.rules, 'image.toolkit.fluxcd.io', 'imagepolicies')).toEqual([
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    const services = await kubectlJson<{ items: Manifest[] }>(['get', 'services', '-n', 'solo']);
    expect(services.items.map((service) => service.metadata.name)).toEqual([
      'solo-image-automation-controller-metrics',
    ]);

    await helm(['uninstall', 'solo', '-n', 'solo', '--wait']);
    const left = await kubectlJson<{ items: Manifest[] }>(['get', 'deployments', '-n', 'solo']);
    expect(left.items).toEqual([]);
    await kubectlJson(['get', 'customresourcedefinition', 'imagepolicies.image.toolkit.fluxcd.io']);
  });

  it.each(controllers)('installs the %s chart on its own, ready, with its CRDs, and uninstalls it', async (chart) => {
    const namespace = `one-${chart}`;
    await helm([
      'install',
      'one',
      join(charts, chart),
      '-n',
      namespace,
      '--create-namespace',
      '--wait',
      '--timeout',
      '60s',
    ]);
    const deployment = await kubectlJson(['get', 'deployment', `one-${chart}`, '-n', namespace]);
    expect(deployment.status.readyReplicas).toBe(deployment.spec.replicas);
    for (const file of ownedCrds[chart]) {
      const crd = await kubectlJson(['get', 'customresourcedefinition', crdNameOfFile(file)]);
      expect(crd.spec.group).toBe(file.split('_')[0]);
    }
    await helm(['uninstall', 'one', '-n', namespace, '--wait']);
    const left = await kubectlJson<{ items: Manifest[] }>(['get', 'deployments', '-n', namespace]);
    expect(left.items).toEqual([]);
  });
});
