import { readdir } from 'node:fs/promises';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { requestReconcile, watchArtifacts } from '@driftless/bus';
import {
  createWorkTree,
  eventually,
  type GitServer,
  type SshServer,
  startGitServer,
  startSshServer,
  type WorkTree,
} from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRepositoryType } from '../../src/reconcilers/source-types.js';
import { downloadArtifact } from './artifact-contents.js';
import {
  condition,
  failedWith,
  ready,
  type SourceHarness,
  type SourceTestObject,
  secretType,
  startSourceHarness,
  waitFor,
} from './harness.js';

type GitRepositoryObject = SourceTestObject<{
  includedArtifacts?: { revision: string }[];
  observedGeneration?: number;
}>;

let harness: SourceHarness;
let git: GitServer;
let work: WorkTree;
let mainCommit: string;

beforeAll(async () => {
  [harness, git] = await Promise.all([startSourceHarness(), startGitServer()]);
  await git.createRepo('app');
  work = await createWorkTree({ origin: git.repoUrl('app') });
  await work.write('deploy/app.yaml', 'kind: ConfigMap\n');
  await work.write('README.md', '# app\n');
  await work.write('logo.png', 'not really a png');
  await work.write('.github/workflows/ci.yaml', 'on: push\n');
  await work.commit('first: the app');
  await work.tag('v1.0.0', { message: 'release 1.0.0' });
  await work.write('deploy/app.yaml', 'kind: ConfigMap\nversion: 2\n');
  await work.commit('second: version 2');
  await work.tag('v1.2.0');
  await work.tag('v2.0.0-rc.1');
  mainCommit = await work.head();
  await work.push('main', '--tags');
  await work.branch('feature');
  await work.write('feature.txt', 'wip\n');
  await work.commit('feature work');
  await work.push('feature');
  await work.checkout('main');
}, 120_000);

afterAll(async () => {
  await work?.cleanup();
  await git?.stop();
  await harness?.stop();
});

async function createRepository(namespace: string, name: string, spec: Record<string, unknown>) {
  return harness.client.create<GitRepositoryObject>(gitRepositoryType, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { namespace, name },
    spec: { interval: '10m', url: git.repoUrl('app'), ref: { branch: 'main' }, ...spec },
  } as never);
}

function waitFailed(namespace: string, name: string, reason: string) {
  return waitFor<GitRepositoryObject>(harness.client, gitRepositoryType, namespace, name, failedWith(reason));
}

function waitReady(namespace: string, name: string) {
  return waitFor<GitRepositoryObject>(harness.client, gitRepositoryType, namespace, name, ready);
}

describe('GitRepository', () => {
  it('stores the branch head as an artifact served at its URL, with Flux status and one NewArtifact event', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { ref: { branch: 'main' } });
    const repository = await waitReady(namespace, 'app');
    const artifact = repository.status?.artifact;

    expect(artifact?.revision).toBe(`main@sha1:${mainCommit}`);
    expect(artifact?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(artifact?.path).toBe(`gitrepository/${namespace}/app/${mainCommit}.tar.gz`);
    expect(artifact?.url).toBe(`${harness.artifactUrl}/${artifact?.path}`);
    expect(repository.status?.observedGeneration).toBe(1);
    expect(condition(repository, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(condition(repository, 'Ready')?.message).toBe(`stored artifact for revision 'main@sha1:${mainCommit}'`);
    const { files } = await downloadArtifact(artifact!);
    expect(files).toEqual({ 'deploy/app.yaml': 'kind: ConfigMap\nversion: 2\n', 'README.md': '# app\n' });
    const newArtifact = harness.events.filter(
      (e) => e.involvedObject.namespace === namespace && e.reason === 'NewArtifact',
    );
    expect(newArtifact.map((e) => e.message)).toEqual(["stored artifact for commit 'second: version 2'"]);
    expect(newArtifact[0]?.metadata?.['source.toolkit.fluxcd.io/revision']).toBe(`main@sha1:${mainCommit}`);
  });

  it.each([
    { ref: { tag: 'v1.0.0' }, revision: (tags: Record<string, string>) => `v1.0.0@sha1:${tags['v1.0.0']}` },
    { ref: { semver: '>=1.0.0 <2.0.0' }, revision: (tags: Record<string, string>) => `v1.2.0@sha1:${tags['v1.2.0']}` },
    {
      ref: { name: 'refs/heads/feature' },
      revision: (tags: Record<string, string>) => `refs/heads/feature@sha1:${tags.feature}`,
    },
    { ref: { commit: 'FIRST' }, revision: (tags: Record<string, string>) => `sha1:${tags['v1.0.0']}` },
    {
      ref: { branch: 'main', commit: 'FIRST' },
      revision: (tags: Record<string, string>) => `main@sha1:${tags['v1.0.0']}`,
    },
  ])('checks out ref $ref', async ({ ref, revision }) => {
    const namespace = await harness.namespace();
    const commits = {
      'v1.0.0': (await work.run(['rev-parse', 'v1.0.0^{commit}'])).trim(),
      'v1.2.0': (await work.run(['rev-parse', 'v1.2.0^{commit}'])).trim(),
      feature: (await work.run(['rev-parse', 'feature'])).trim(),
    };
    const resolvedRef = 'commit' in ref ? { ...ref, commit: commits['v1.0.0'] } : ref;
    await createRepository(namespace, 'app', { ref: resolvedRef });
    const repository = await waitReady(namespace, 'app');
    expect(repository.status?.artifact?.revision).toBe(revision(commits));
  });

  it('gives the same digest for the same commit, whichever object and reconcile stores it', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'one', { ref: { tag: 'v1.2.0' } });
    await createRepository(namespace, 'two', { ref: { branch: 'main' } });
    const [one, two] = await Promise.all([waitReady(namespace, 'one'), waitReady(namespace, 'two')]);
    expect(one.status?.artifact?.digest).toBe(two.status?.artifact?.digest);
  });

  it('applies spec.ignore and .sourceignore with gitignore rules', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { ref: { branch: 'main' }, ignore: '/*\n!/deploy\n' });
    const repository = await waitReady(namespace, 'app');
    const { files } = await downloadArtifact(repository.status!.artifact!);
    expect(Object.keys(files)).toEqual(['deploy/app.yaml']);
  });

  it('publishes a new commit on NATS within a second of a reconcile request', async () => {
    const namespace = await harness.namespace();
    await git.createRepo('fast');
    const fast = await createWorkTree({ origin: git.repoUrl('fast') });
    try {
      await fast.write('a.yaml', 'a: 1\n');
      await fast.commit('one');
      await fast.push('main');
      await createRepository(namespace, 'fast', { url: git.repoUrl('fast'), interval: '1h' });
      await waitReady(namespace, 'fast');
      const seen: { revision: string; at: number }[] = [];
      const watch = await watchArtifacts(harness.bus, { kind: 'GitRepository', namespace, name: 'fast' });
      void (async () => {
        for await (const event of watch) {
          if (event.type === 'put') seen.push({ revision: event.value.revision, at: performance.now() });
        }
      })();
      await eventually(() => seen.length > 0);
      await fast.write('a.yaml', 'a: 2\n');
      const commit = await fast.commit('two');
      await fast.push('main');

      const asked = performance.now();
      await requestReconcile(harness.bus, 'GitRepository', namespace, 'fast');
      await eventually(() => seen.some((s) => s.revision === `main@sha1:${commit}`), {
        timeoutMs: 5_000,
        intervalMs: 5,
      });
      const published = seen.find((s) => s.revision === `main@sha1:${commit}`)!;
      watch.stop();
      expect(published.at - asked).toBeLessThan(1_000);
      const stored = await harness.client.get<GitRepositoryObject>(gitRepositoryType, namespace, 'fast');
      expect(stored.status?.artifact?.revision).toBe(`main@sha1:${commit}`);
    } finally {
      await fast.cleanup();
    }
  });

  it('includes another GitRepository’s artifact at toPath, and rebuilds when it changes', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'shared', { ref: { tag: 'v1.0.0' } });
    await createRepository(namespace, 'app', {
      ref: { branch: 'feature' },
      include: [{ repository: { name: 'shared' }, fromPath: 'deploy', toPath: 'vendor/shared' }],
    });
    const app = await waitReady(namespace, 'app');
    const { files } = await downloadArtifact(app.status!.artifact!);
    expect(files['vendor/shared/app.yaml']).toBe('kind: ConfigMap\n');
    expect(files['feature.txt']).toBe('wip\n');
    expect(app.status?.includedArtifacts?.map((a) => a.revision)).toEqual([expect.stringMatching(/^v1\.0\.0@sha1:/)]);

    const before = app.status?.artifact?.digest;
    await harness.client.patch(
      gitRepositoryType,
      { namespace, name: 'shared' },
      { spec: { ref: { tag: 'v1.2.0' } } },
      { patchType: 'application/merge-patch+json' },
    );
    const rebuilt = await waitFor<GitRepositoryObject>(harness.client, gitRepositoryType, namespace, 'app', (o) => {
      if (o.status?.artifact?.digest === before) throw new Error('not rebuilt yet');
    });
    const after = await downloadArtifact(rebuilt.status!.artifact!);
    expect(after.files['vendor/shared/app.yaml']).toBe('kind: ConfigMap\nversion: 2\n');
  });

  it('waits with IncludeUnavailable while an included repository does not exist', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { include: [{ repository: { name: 'missing' } }] });
    const app = await waitFailed(namespace, 'app', 'IncludeUnavailable');
    expect(condition(app, 'IncludeUnavailable')?.status).toBe('True');
    expect(app.status?.artifact).toBeUndefined();
  });

  it('keeps only the newest artifacts in storage (garbage collection)', async () => {
    const namespace = await harness.namespace();
    await git.createRepo('gc');
    const gc = await createWorkTree({ origin: git.repoUrl('gc') });
    try {
      await createRepository(namespace, 'gc', { url: git.repoUrl('gc'), interval: '1h' });
      for (const n of [1, 2, 3, 4]) {
        await gc.write('n.txt', `${n}\n`);
        const commit = await gc.commit(`commit ${n}`);
        await gc.push('main');
        await requestReconcile(harness.bus, 'GitRepository', namespace, 'gc');
        await waitFor<GitRepositoryObject>(harness.client, gitRepositoryType, namespace, 'gc', (o) => {
          if (o.status?.artifact?.revision !== `main@sha1:${commit}`) throw new Error('not yet');
        });
      }
      await requestReconcile(harness.bus, 'GitRepository', namespace, 'gc');
      await eventually(async () => {
        const files = await readdir(join(harness.storageRoot, 'gitrepository', namespace, 'gc'));
        if (files.length !== 2) throw new Error(`files: ${files.join(', ')}`);
      });
    } finally {
      await gc.cleanup();
    }
  });

  it('removes the artifacts when the object is deleted', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'gone', {});
    await waitReady(namespace, 'gone');
    await harness.client.delete(gitRepositoryType, { namespace, name: 'gone' });
    await eventually(async () => {
      const left = await readdir(join(harness.storageRoot, 'gitrepository', namespace)).catch((): string[] => []);
      if (left.includes('gone')) throw new Error('artifacts still stored');
    });
  });
});

describe('GitRepository failures keep the last artifact and say why', () => {
  it('fails with GitOperationFailed on an unknown branch', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { ref: { branch: 'nope' } });
    const repository = await waitFailed(namespace, 'app', 'GitOperationFailed');
    expect(condition(repository, 'FetchFailed')?.status).toBe('True');
    expect(condition(repository, 'Ready')?.message).toContain('nope');
  });

  it('keeps the last good artifact when the ref later breaks, and recovers', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { ref: { branch: 'main' } });
    const good = await waitReady(namespace, 'app');
    await harness.client.patch(
      gitRepositoryType,
      { namespace, name: 'app' },
      { spec: { ref: { tag: 'v9.9.9' } } },
      { patchType: 'application/merge-patch+json' },
    );
    const broken = await waitFailed(namespace, 'app', 'GitOperationFailed');
    expect(broken.status?.artifact).toEqual(good.status?.artifact);
    await downloadArtifact(broken.status!.artifact!);

    await harness.client.patch(
      gitRepositoryType,
      { namespace, name: 'app' },
      { spec: { ref: { tag: 'v1.2.0' } } },
      { patchType: 'application/merge-patch+json' },
    );
    const recovered = await waitFor<GitRepositoryObject>(harness.client, gitRepositoryType, namespace, 'app', (o) => {
      ready(o);
      if (!o.status?.artifact?.revision.startsWith('v1.2.0@')) throw new Error('not the new ref yet');
    });
    expect(condition(recovered, 'FetchFailed')).toBeUndefined();
    const events = harness.events.filter((e) => e.involvedObject.namespace === namespace).map((e) => e.reason);
    expect(events).toEqual(['NewArtifact', 'GitOperationFailed', 'NewArtifact', 'Succeeded']);
  });

  it('fails on an unreachable host', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { url: 'http://127.0.0.1:9/nothing.git', timeout: '5s' });
    const repository = await waitFailed(namespace, 'app', 'GitOperationFailed');
    expect(condition(repository, 'Ready')?.message).toMatch(/127\.0\.0\.1:9/);
  });

  it('fails with AuthenticationFailed while the secret is missing', async () => {
    const namespace = await harness.namespace();
    await createRepository(namespace, 'app', { secretRef: { name: 'absent' } });
    const repository = await waitFailed(namespace, 'app', 'AuthenticationFailed');
    expect(condition(repository, 'Ready')?.message).toContain("secret '" + namespace + "/absent' not found");
  });
});

describe('GitRepository with credentials', () => {
  let secured: GitServer;

  beforeAll(async () => {
    secured = await startGitServer({ auth: { username: 'flux', password: 's3cret' } });
    await secured.createRepo('private');
    const tree = await createWorkTree({
      origin: secured.repoUrl('private'),
      config: { 'http.extraHeader': `Authorization: Basic ${Buffer.from('flux:s3cret').toString('base64')}` },
    });
    await tree.write('private.yaml', 'secret: false\n');
    await tree.commit('private');
    await tree.push('main');
    await tree.cleanup();
  });
  afterAll(async () => {
    await secured?.stop();
  });

  async function withSecret(namespace: string, password: string) {
    await harness.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace, name: 'git-auth' },
      stringData: { username: 'flux', password },
    } as never);
    await createRepository(namespace, 'private', { url: secured.repoUrl('private'), secretRef: { name: 'git-auth' } });
  }

  it('fetches with basic auth from the secret', async () => {
    const namespace = await harness.namespace();
    await withSecret(namespace, 's3cret');
    const repository = await waitReady(namespace, 'private');
    const { files } = await downloadArtifact(repository.status!.artifact!);
    expect(files).toEqual({ 'private.yaml': 'secret: false\n' });
  });

  it('fails with a wrong password, without the password in the message', async () => {
    const namespace = await harness.namespace();
    await withSecret(namespace, 'wrong-password');
    const repository = await waitFor<GitRepositoryObject>(
      harness.client,
      gitRepositoryType,
      namespace,
      'private',
      (o) => {
        if (condition(o, 'Ready')?.status !== 'False') throw new Error('not failed yet');
      },
    );
    expect(condition(repository, 'Ready')?.reason).toMatch(/AuthenticationFailed|GitOperationFailed/);
    expect(JSON.stringify(repository.status)).not.toContain('wrong-password');
  });
});

describe('GitRepository over SSH and at the limits', () => {
  let ssh: SshServer;
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    ssh = await startSshServer();
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await ssh?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  async function sshSecret(namespace: string, knownHosts: string) {
    await harness.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace, name: 'ssh' },
      stringData: { identity: ssh.clientIdentity, known_hosts: knownHosts },
    } as never);
  }

  it('fetches over SSH with identity and known_hosts from the secret', async () => {
    const namespace = await harness.namespace();
    await sshSecret(namespace, ssh.knownHosts);
    await createRepository(namespace, 'app', { url: ssh.url(join(git.root, 'app.git')), secretRef: { name: 'ssh' } });
    const repository = await waitReady(namespace, 'app');
    expect(repository.status?.artifact?.revision).toBe(`main@sha1:${mainCommit}`);
  });

  it('refuses an SSH host whose key is not in known_hosts', async () => {
    const namespace = await harness.namespace();
    const [host, , key] = ssh.knownHosts.split(' ');
    const otherKey = `${key.slice(0, -8)}AAAAAAAA`;
    await sshSecret(namespace, `${host} ssh-ed25519 ${otherKey}`);
    await createRepository(namespace, 'app', { url: ssh.url(join(git.root, 'app.git')), secretRef: { name: 'ssh' } });
    const repository = await waitFor<GitRepositoryObject>(harness.client, gitRepositoryType, namespace, 'app', (o) => {
      if (condition(o, 'FetchFailed')?.status !== 'True') throw new Error('not failed yet');
    });
    expect(condition(repository, 'Ready')?.status).toBe('False');
    expect(JSON.stringify(repository.status)).not.toContain('PRIVATE KEY');
  });

  it('gives up on a server that never answers after spec.timeout', async () => {
    const namespace = await harness.namespace();
    const { port } = silent.address() as AddressInfo;
    await createRepository(namespace, 'app', { url: `http://127.0.0.1:${port}/app.git`, timeout: '1s' });
    const repository = await waitFailed(namespace, 'app', 'GitOperationFailed');
    expect(condition(repository, 'Ready')?.message).toMatch(/timed? ?out/i);
  });
});

describe('GitRepository over the size limit', () => {
  let small: SourceHarness;

  beforeAll(async () => {
    small = await startSourceHarness({
      limits: { artifactMaxSize: 1024, helmIndexMaxSize: 1024, helmChartMaxSize: 1024 },
    });
  });
  afterAll(async () => {
    await small?.stop();
  });

  it('fails with a clear message and stores nothing', async () => {
    await git.createRepo('big');
    const big = await createWorkTree({ origin: git.repoUrl('big') });
    try {
      await big.write('big.txt', 'x'.repeat(4096));
      await big.commit('big');
      await big.push('main');
    } finally {
      await big.cleanup();
    }
    const namespace = await small.namespace();
    await small.client.create(gitRepositoryType, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { namespace, name: 'big' },
      spec: { interval: '10m', url: git.repoUrl('big'), ref: { branch: 'main' } },
    } as never);
    const repository = await waitFor<GitRepositoryObject>(
      small.client,
      gitRepositoryType,
      namespace,
      'big',
      failedWith('GitOperationFailed'),
    );
    expect(condition(repository, 'Ready')?.message).toMatch(/size|limit/i);
    expect(repository.status?.artifact).toBeUndefined();
  });
});
