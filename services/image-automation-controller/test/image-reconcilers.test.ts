import { join } from 'node:path';
import { getImageTags, watchImages } from '@driftless/bus';
import {
  condition,
  createWorkTree,
  notReadyWith,
  pushImageTag,
  pushImageTags,
  ready,
  runGit,
  type WorkTree,
} from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fluxObject,
  gitRepositoryType,
  type ImageHarness,
  imagePolicyType,
  imageRepositoryType,
  imageUpdateAutomationType,
  secretType,
  startImageHarness,
  waitFor,
} from './harness.js';

const auth = { username: 'ci-robot', password: 'pushed-by-ci' };

function dockerConfig(host: string, username: string, password: string) {
  const encoded = Buffer.from(`${username}:${password}`).toString('base64');
  return JSON.stringify({ auths: { [host]: { auth: encoded } } });
}

const latestTag = (object: { status?: Record<string, unknown> }) =>
  (object.status?.latestRef as { tag?: string } | undefined)?.tag;

function policy(namespace: string, name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImagePolicy',
    metadata: { name, namespace },
    spec: { imageRepositoryRef: { name: 'app' }, ...spec },
  };
}

describe('ImageRepository and ImagePolicy against a registry with token auth', () => {
  let h: ImageHarness;
  let namespace: string;
  let digests: Record<string, string>;

  beforeAll(async () => {
    h = await startImageHarness({ registry: { auth, tokenAuth: true } });
    namespace = await h.namespace();
    digests = await pushImageTags(h.registry, 'team/app', ['1.0.0', '1.1.0', '2.0.0-rc.1', 'latest', '1.1.0.sig']);
    await h.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pull', namespace },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': dockerConfig(h.registry.host, auth.username, auth.password) },
    });
    await h.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'wrong', namespace },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': dockerConfig(h.registry.host, auth.username, 'guessed') },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('scans the tags with the pull secret, leaves out the excluded ones, and keeps them in NATS', async () => {
    await h.client.create(
      imageRepositoryType,
      fluxObject(imageRepositoryType, namespace, 'app', {
        image: `${h.registry.host}/team/app`,
        insecure: true,
        secretRef: { name: 'pull' },
      }),
    );
    const repository = await waitFor(h.client, imageRepositoryType, namespace, 'app', ready);
    const scan = repository.status?.lastScanResult as { tagCount: number; latestTags: string[]; revision: string };
    expect(scan.tagCount).toBe(4);
    expect(scan.latestTags).toEqual(['latest', '2.0.0-rc.1', '1.1.0', '1.0.0']);
    expect(condition(repository, 'Ready')?.message).toBe(
      `successful scan: found 4 tags with checksum ${scan.revision}`,
    );
    expect(repository.status?.canonicalImageName).toBe(`${h.registry.host}/team/app`);
    const stored = await getImageTags(h.bus, { namespace, name: 'app' });
    expect(stored?.tags.sort()).toEqual(['1.0.0', '1.1.0', '2.0.0-rc.1', 'latest']);
    expect(h.registry.tokenRequests().some((request) => request.account === auth.username)).toBe(true);
  });

  it('reports wrong credentials as AuthenticationFailed without the password', async () => {
    await h.client.create(
      imageRepositoryType,
      fluxObject(imageRepositoryType, namespace, 'denied', {
        image: `${h.registry.host}/team/app`,
        insecure: true,
        secretRef: { name: 'wrong' },
      }),
    );
    const repository = await waitFor(
      h.client,
      imageRepositoryType,
      namespace,
      'denied',
      notReadyWith('AuthenticationFailed'),
    );
    expect(JSON.stringify(repository.status)).not.toContain('guessed');
  });

  it('selects with semver and reflects the digest; the selection is published on NATS', async () => {
    const selections = await watchImages(h.bus, { namespace, name: 'semver' });
    await h.client.create(
      imagePolicyType,
      policy(namespace, 'semver', { policy: { semver: { range: '^1.0.0' } }, digestReflectionPolicy: 'IfNotPresent' }),
    );
    const selected = await waitFor(h.client, imagePolicyType, namespace, 'semver', ready);
    const image = `${h.registry.host}/team/app`;
    expect(selected.status?.latestRef).toEqual({ name: image, tag: '1.1.0', digest: digests['1.1.0'] });
    expect(condition(selected, 'Ready')?.message).toBe(
      `Latest image tag for ${image} resolved to 1.1.0 with digest ${digests['1.1.0']}`,
    );
    for await (const event of selections) {
      expect(event).toMatchObject({ type: 'put' });
      expect(event.type === 'put' && event.value).toMatchObject({
        image,
        tag: '1.1.0',
        digest: digests['1.1.0'],
        latestImage: `${image}:1.1.0`,
      });
      break;
    }
    selections.stop();
  });

  it('selects with filterTags and extract, alphabetical and numerical', async () => {
    await pushImageTags(h.registry, 'team/app', [
      'main-a1b2c3-1700000100',
      'main-d4e5f6-1700000200',
      'dev-ffffff-1800000000',
    ]);
    await h.client.create(
      imagePolicyType,
      policy(namespace, 'numerical', {
        filterTags: { pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)$', extract: '$ts' },
        policy: { numerical: { order: 'asc' } },
      }),
    );
    await h.client.create(
      imagePolicyType,
      policy(namespace, 'alphabetical', {
        filterTags: { pattern: '^main-' },
        policy: { alphabetical: { order: 'desc' } },
      }),
    );
    await requestScan(h, namespace);
    const numerical = await waitFor(h.client, imagePolicyType, namespace, 'numerical', (object) => {
      ready(object);
      expect(latestTag(object)).toBe('main-d4e5f6-1700000200');
    });
    expect(numerical.status?.latestRef).toBeDefined();
    await waitFor(h.client, imagePolicyType, namespace, 'alphabetical', (object) => {
      ready(object);
      expect(latestTag(object)).toBe('main-a1b2c3-1700000100');
    });
  });

  it('a new tag moves the policy, which records the previous one', async () => {
    await pushImageTag(h.registry, 'team/app', '1.2.0');
    await requestScan(h, namespace);
    const moved = await waitFor(h.client, imagePolicyType, namespace, 'semver', (object) => {
      expect(latestTag(object)).toBe('1.2.0');
    });
    expect(moved.status?.observedPreviousRef).toMatchObject({ tag: '1.1.0' });
    expect(condition(moved, 'Ready')?.message).toMatch(/resolved to 1\.2\.0 .*\(previously .*:1\.1\.0@sha256:/);
  });

  it('stalls on an invalid policy and waits for a repository with no tags', async () => {
    await h.client.create(
      imagePolicyType,
      policy(namespace, 'bad-range', { policy: { semver: { range: 'not a range' } } }),
    );
    const bad = await waitFor(h.client, imagePolicyType, namespace, 'bad-range', notReadyWith('InvalidPolicy'));
    expect(condition(bad, 'Stalled')?.status).toBe('True');
    await h.client.create(
      imagePolicyType,
      policy(namespace, 'bad-regex', { filterTags: { pattern: '(' }, policy: { alphabetical: {} } }),
    );
    await waitFor(h.client, imagePolicyType, namespace, 'bad-regex', notReadyWith('InvalidPolicy'));
    await h.client.create(imagePolicyType, {
      ...policy(namespace, 'missing-repo', { policy: { alphabetical: {} } }),
      spec: { imageRepositoryRef: { name: 'nope' }, policy: { alphabetical: {} } },
    });
    await waitFor(h.client, imagePolicyType, namespace, 'missing-repo', notReadyWith('DependencyNotReady'));
  });

  it('refuses an ImageRepository of another namespace without accessFrom', async () => {
    const other = await h.namespace();
    await h.client.create(imagePolicyType, {
      ...policy(other, 'cross', {}),
      spec: { imageRepositoryRef: { name: 'app', namespace }, policy: { alphabetical: {} } },
    });
    const denied = await waitFor(h.client, imagePolicyType, other, 'cross', notReadyWith('AccessDenied'));
    expect(condition(denied, 'Ready')?.message).toContain("missing ACL labels on 'accessFrom'");
  });

  it('a restarted controller chooses from the stored tags without scanning again', async () => {
    const before = (await waitFor(h.client, imageRepositoryType, namespace, 'app', ready)).status?.lastScanResult as {
      scanTime: string;
    };
    const granted = () => h.registry.tokenRequests().filter((request) => request.account === auth.username).length;
    const tokensBefore = granted();
    await h.restartApp();
    await h.client.create(
      imagePolicyType,
      policy(namespace, 'after-restart', { policy: { semver: { range: '1.0.x' } } }),
    );
    await waitFor(h.client, imagePolicyType, namespace, 'after-restart', (object) => {
      ready(object);
      expect(latestTag(object)).toBe('1.0.0');
    });
    const after = (await h.client.get(imageRepositoryType, namespace, 'app')) as {
      status?: { lastScanResult?: { scanTime: string } };
    };
    expect(after.status?.lastScanResult?.scanTime).toBe(before.scanTime);
    expect(granted()).toBe(tokensBefore);
  });
});

async function requestScan(h: ImageHarness, namespace: string): Promise<void> {
  const { requestReconcile } = await import('@driftless/bus');
  await requestReconcile(h.bus, 'ImageRepository', namespace, 'app');
}

describe('ImageUpdateAutomation', () => {
  let h: ImageHarness;
  let namespace: string;
  let tree: WorkTree;
  const bare = () => join(h.git.root, `${namespace}-config.git`);

  beforeAll(async () => {
    h = await startImageHarness({ gitAuth: { username: 'git', password: 'git-secret' } });
    namespace = await h.namespace();
    await pushImageTags(h.registry, 'team/api', ['3.0.0', '3.1.0']);
    await h.git.createRepo(`${namespace}-config`);
    tree = await createWorkTree({
      origin: h.git.repoUrl(`${namespace}-config`).replace('http://', 'http://git:git-secret@'),
    });
    await tree.write(
      'apps/api.yaml',
      `kind: HelmRelease
apiVersion: helm.toolkit.fluxcd.io/v2
metadata: {name: api, namespace: ${namespace}}
spec:
  values:
    image:
      repository: ${h.registry.host}/team/api # {"$imagepolicy": "${namespace}:api:name"}
      tag: '3.0.0' # {"$imagepolicy": "${namespace}:api:tag"}
`,
    );
    await tree.commit('initial');
    await tree.push('main');
    await h.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'git-auth', namespace },
      stringData: { username: 'git', password: 'git-secret' },
    });
    await h.client.create(
      gitRepositoryType,
      fluxObject(gitRepositoryType, namespace, 'config', {
        url: h.git.repoUrl(`${namespace}-config`),
        ref: { branch: 'main' },
        secretRef: { name: 'git-auth' },
      }),
    );
    await h.client.create(
      imageRepositoryType,
      fluxObject(imageRepositoryType, namespace, 'api', { image: `${h.registry.host}/team/api`, insecure: true }),
    );
    await h.client.create(imagePolicyType, {
      ...policy(namespace, 'api', {}),
      spec: { imageRepositoryRef: { name: 'api' }, policy: { semver: { range: '3.x' } } },
    });
    await waitFor(h.client, imagePolicyType, namespace, 'api', ready);
  }, 60_000);

  afterAll(async () => {
    await tree?.cleanup();
    await h?.stop();
  });

  it('pushes each update to a branch of its own with branchPrefix, rendering the message template', async () => {
    await h.client.create(
      imageUpdateAutomationType,
      fluxObject(imageUpdateAutomationType, namespace, 'review', {
        sourceRef: { kind: 'GitRepository', name: 'config' },
        git: {
          checkout: { ref: { branch: 'main' } },
          commit: {
            author: { name: 'bot', email: 'bot@example.test' },
            messageTemplate: `{{ .Values.team }}: update {{ .AutomationObject }}
{{ range .Changed.Changes }}
- {{ .OldValue }} -> {{ .NewValue }}
{{- end }}`,
            messageTemplateValues: { team: 'platform' },
          },
          push: { branchPrefix: 'image-updates/' },
        },
        update: { path: './apps', strategy: 'Setters' },
      }),
    );
    const automation = await waitFor(h.client, imageUpdateAutomationType, namespace, 'review', ready);
    const branches = (await runGit(['branch', '--list', 'image-updates/*'], { cwd: bare() })).stdout.trim();
    expect(branches).toMatch(/^image-updates\/[0-9a-f]{16}$/);
    const branch = branches;
    expect(automation.status?.lastPushCommit).toBe(
      (await runGit(['rev-parse', branch], { cwd: bare() })).stdout.trim(),
    );
    const message = (await runGit(['log', '-1', '--format=%B', branch], { cwd: bare() })).stdout.trim();
    expect(message).toBe(`platform: update ${namespace}/review\n\n- 3.0.0 -> 3.1.0`);
    const file = (await runGit(['show', `${branch}:apps/api.yaml`], { cwd: bare() })).stdout;
    expect(file).toContain(`tag: '3.1.0' # {"$imagepolicy": "${namespace}:api:tag"}`);
    const main = (await runGit(['show', 'main:apps/api.yaml'], { cwd: bare() })).stdout;
    expect(main).toContain(`tag: '3.0.0'`);
  });

  it('stalls on a commit message template that does not parse', async () => {
    await h.client.create(
      imageUpdateAutomationType,
      fluxObject(imageUpdateAutomationType, namespace, 'bad-template', {
        sourceRef: { kind: 'GitRepository', name: 'config' },
        git: {
          commit: { author: { email: 'bot@example.test' }, messageTemplate: '{{ range .Changed.Changes }}' },
          push: { branch: 'other' },
        },
      }),
    );
    const stalled = await waitFor(
      h.client,
      imageUpdateAutomationType,
      namespace,
      'bad-template',
      notReadyWith('InvalidSourceConfig'),
    );
    expect(condition(stalled, 'Ready')?.message).toMatch(/invalid commit message template/);
  });

  it('reports a GitRepository that does not exist', async () => {
    await h.client.create(
      imageUpdateAutomationType,
      fluxObject(imageUpdateAutomationType, namespace, 'no-source', {
        sourceRef: { kind: 'GitRepository', name: 'missing' },
        git: { commit: { author: { email: 'bot@example.test' } } },
      }),
    );
    const failed = await waitFor(
      h.client,
      imageUpdateAutomationType,
      namespace,
      'no-source',
      notReadyWith('DependencyNotReady'),
    );
    expect(condition(failed, 'Ready')?.message).toContain(`'${namespace}/missing' does not exist`);
  });
});
