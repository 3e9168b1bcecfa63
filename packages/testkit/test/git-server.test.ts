import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSelfSignedCert,
  createWorkTree,
  GitCommandError,
  GitNotInstalledError,
  type GitServer,
  type RunGitOptions,
  runGit,
  type SelfSignedCert,
  startGitServer,
  type WorkTree,
} from '../src/index.js';

const servers: GitServer[] = [];
const workTrees: WorkTree[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await Promise.all(workTrees.splice(0).map((w) => w.cleanup()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function server(options: Parameters<typeof startGitServer>[0] = {}): Promise<GitServer> {
  const s = await startGitServer(options);
  servers.push(s);
  return s;
}

async function workTree(options: Parameters<typeof createWorkTree>[0] = {}): Promise<WorkTree> {
  const w = await createWorkTree(options);
  workTrees.push(w);
  return w;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-git-test-'));
  dirs.push(dir);
  return dir;
}

/** `git clone <url>` into a fresh temp dir; returns the clone's dir. */
async function clone(url: string, options: Partial<RunGitOptions> = {}): Promise<string> {
  const dir = join(await tempDir(), 'clone');
  await runGit(['clone', '--quiet', url, dir], options);
  return dir;
}

async function lsRemote(url: string, options: Partial<RunGitOptions> = {}): Promise<Record<string, string>> {
  const { stdout } = await runGit(['ls-remote', url], options);
  const refs: Record<string, string> = {};
  for (const line of stdout.trim().split('\n')) {
    const [sha, ref] = line.split('\t');
    refs[ref] = sha;
  }
  return refs;
}

async function revParse(dir: string, rev: string): Promise<string> {
  return (await runGit(['rev-parse', rev], { cwd: dir })).stdout.trim();
}

describe('startGitServer', () => {
  it('serves pushed commits, branches and tags to clone and ls-remote, and a later push to fetch', async () => {
    const s = await server();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.repoUrl('app')).toBe(`${s.url}/app.git`);
    expect(await s.createRepo('app')).toBe(join(s.root, 'app.git'));

    const w = await workTree({ origin: s.repoUrl('app') });
    await w.write('deploy/app.yaml', 'kind: ConfigMap\n');
    const first = await w.commit('first');
    await w.tag('v1.0.0');
    await w.tag('v1.1.0', { annotated: true, message: 'release' });
    await w.branch('feature');
    await w.write('feature.txt', 'feature\n');
    const feature = await w.commit('feature');
    await w.checkout('main');
    await w.push('main', 'feature', '--tags');

    const refs = await lsRemote(s.repoUrl('app'));
    expect(refs).toMatchObject({
      HEAD: first,
      'refs/heads/main': first,
      'refs/heads/feature': feature,
      'refs/tags/v1.0.0': first,
      'refs/tags/v1.1.0^{}': first,
    });
    expect(refs['refs/tags/v1.1.0']).not.toBe(first);

    const dir = await clone(s.repoUrl('app'));
    expect(await revParse(dir, 'HEAD')).toBe(first);
    expect(await revParse(dir, 'origin/feature')).toBe(feature);
    expect(await readFile(join(dir, 'deploy/app.yaml'), 'utf8')).toBe('kind: ConfigMap\n');

    await w.write('deploy/app.yaml', 'kind: Secret\n');
    const second = await w.commit('second');
    await w.push();
    await runGit(['fetch', '--quiet', 'origin'], { cwd: dir });
    expect(await revParse(dir, 'origin/main')).toBe(second);
  });

  it('makes the same SHAs for the same sequence of work-tree calls', async () => {
    const build = async () => {
      const w = await workTree();
      await w.write('a.txt', 'a');
      await w.commit('one');
      await w.tag('v1', { annotated: true });
      await w.write('b.txt', 'b');
      return [await w.commit('two'), await w.run(['rev-parse', 'v1'])];
    };
    expect(await build()).toEqual(await build());
  });

  it('logs ref listings apart from fetches', async () => {
    const s = await server();
    await s.createRepo('app');
    const w = await workTree({ origin: s.repoUrl('app') });
    await w.commit('first');
    await w.push();
    s.clearRequests();

    // Protocol v0/v1 (what isomorphic-git speaks): a ref listing is one GET of info/refs.
    await runGit(['ls-remote', s.repoUrl('app')], { config: { 'protocol.version': '1' } });
    expect(s.requests()).toEqual([
      {
        method: 'GET',
        path: '/app.git/info/refs',
        service: 'git-upload-pack',
        contentEncoding: undefined,
        status: 200,
      },
    ]);

    s.clearRequests();
    await clone(s.repoUrl('app'), { config: { 'protocol.version': '1' } });
    const requests = s.requests();
    expect(requests.filter((r) => r.path === '/app.git/info/refs')).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'POST' && r.path === '/app.git/git-upload-pack')).toHaveLength(1);
    expect(requests.every((r) => r.status === 200)).toBe(true);
  });

  it('answers 404 for a repo that does not exist', async () => {
    const s = await server();
    const failure = await clone(s.repoUrl('missing')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect(s.requests()[0]).toMatchObject({ path: '/missing.git/info/refs', status: 404 });
  });

  it('accepts a large push (chunked body) and gzip-compressed fetch requests', async () => {
    const s = await server();
    await s.createRepo('app');
    const w = await workTree({ origin: s.repoUrl('app') });
    const blob = randomBytes(4 * 1024 * 1024);
    await w.write('big.bin', blob);
    await w.commit('big');
    // Many annotated tags make the fetch request long enough for git to gzip it.
    for (let i = 0; i < 40; i++) await w.tag(`v0.${i}.0`, { annotated: true });
    await w.push('main', '--tags');
    expect(s.requests().filter((r) => r.path === '/app.git/git-receive-pack')).not.toHaveLength(0);

    const dir = await clone(s.repoUrl('app'));
    const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
    expect(sha256(await readFile(join(dir, 'big.bin')))).toBe(sha256(blob));
    const gzipped = s.requests().filter((r) => r.contentEncoding === 'gzip');
    expect(gzipped).not.toHaveLength(0);
    expect(gzipped.every((r) => r.status === 200)).toBe(true);
    expect((await lsRemote(s.repoUrl('app')))['refs/tags/v0.39.0^{}']).toBe(await w.head());
  });

  it('requires Basic credentials when configured', async () => {
    const s = await server({ auth: { username: 'flux', password: 's3cret' } });
    await s.createRepo('app');
    const withCreds = (user: string, password: string) => s.repoUrl('app').replace('://', `://${user}:${password}@`);

    const w = await workTree({ origin: withCreds('flux', 's3cret') });
    const head = await w.commit('first');
    await w.push();

    await expect(clone(s.repoUrl('app'))).rejects.toThrow(GitCommandError);
    await expect(clone(withCreds('flux', 'wrong'))).rejects.toThrow(/Authentication failed/);
    expect(s.requests().filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);

    const dir = await clone(withCreds('flux', 's3cret'));
    expect(await revParse(dir, 'HEAD')).toBe(head);
  });

  it('sends a Basic challenge on 401', async () => {
    const s = await server({ auth: { token: 't0ken' } });
    const res = await fetch(`${s.repoUrl('app')}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="git"');
  });

  it('requires a bearer token when configured', async () => {
    const s = await server({ auth: { token: 't0ken' } });
    await s.createRepo('app');
    const bearer = (token: string) => ({ config: { 'http.extraHeader': `Authorization: Bearer ${token}` } });

    const w = await workTree({ origin: s.repoUrl('app'), ...bearer('t0ken') });
    const head = await w.commit('first');
    await w.push();

    await expect(clone(s.repoUrl('app'))).rejects.toThrow(GitCommandError);
    await expect(clone(s.repoUrl('app'), bearer('wrong'))).rejects.toThrow(GitCommandError);
    expect(s.requests().filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);

    const dir = await clone(s.repoUrl('app'), bearer('t0ken'));
    expect(await revParse(dir, 'HEAD')).toBe(head);
  });

  it('answers 500 and logs the stderr when the CGI fails', async () => {
    // A fake git whose exec path holds a git-http-backend that fails.
    const dir = await tempDir();
    const execPath = join(dir, 'exec');
    await mkdir(execPath);
    const fakeGit = join(dir, 'git');
    await writeFile(fakeGit, `#!/bin/sh\necho ${execPath}\n`);
    await writeFile(join(execPath, 'git-http-backend'), '#!/bin/sh\necho "backend exploded" >&2\nexit 3\n');
    await chmod(fakeGit, 0o755);
    await chmod(join(execPath, 'git-http-backend'), 0o755);

    const s = await server({ binary: fakeGit });
    const res = await fetch(`${s.repoUrl('app')}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(500);
    await res.text();
    expect(s.logs()).toContain('backend exploded');
    expect(s.requests()).toMatchObject([{ path: '/app.git/info/refs', status: 500 }]);
  });

  it('reports a missing git clearly', async () => {
    await expect(startGitServer({ binary: 'git-does-not-exist' })).rejects.toThrow(GitNotInstalledError);
    await expect(createWorkTree({ binary: 'git-does-not-exist' })).rejects.toThrow(/npm run setup/);
  });

  it('removes its temp root on stop but keeps a given root', async () => {
    const s = await startGitServer();
    await s.createRepo('app');
    await s.stop();
    await s.stop();
    expect(existsSync(s.root)).toBe(false);
    await expect(fetch(`${s.url}/app.git/info/refs`)).rejects.toThrow();

    const root = await tempDir();
    const kept = await startGitServer({ root });
    await kept.createRepo('app');
    await kept.stop();
    expect(existsSync(join(root, 'app.git', 'HEAD'))).toBe(true);
  });
});

describe('startGitServer over HTTPS', () => {
  let cert: SelfSignedCert;
  let certDir: string;
  let caFile: string;

  beforeAll(async () => {
    cert = await createSelfSignedCert();
    certDir = await mkdtemp(join(tmpdir(), 'driftless-git-ca-'));
    caFile = join(certDir, 'ca.pem');
    await writeFile(caFile, cert.cert);
  });

  afterAll(async () => {
    await rm(certDir, { recursive: true, force: true });
  });

  it('serves clones to clients that trust the self-signed certificate', async () => {
    const s = await server({ tls: cert, auth: { username: 'flux', password: 's3cret' } });
    expect(s.url).toBe(`https://127.0.0.1:${s.port}`);
    await s.createRepo('app');
    const url = s.repoUrl('app').replace('://', '://flux:s3cret@');

    const w = await workTree({ origin: url, env: { GIT_SSL_CAINFO: caFile } });
    await w.write('a.txt', 'a');
    const head = await w.commit('first');
    await w.push();

    await expect(clone(url)).rejects.toThrow(/SSL certificate problem|certificate/i);
    const dir = await clone(url, { config: { 'http.sslCAInfo': caFile } });
    expect(await revParse(dir, 'HEAD')).toBe(head);
    expect(
      await lsRemote(s.repoUrl('app').replace('https://127.0.0.1', 'https://flux:s3cret@localhost'), {
        env: { GIT_SSL_CAINFO: caFile },
      }),
    ).toMatchObject({ 'refs/heads/main': head });
  });
});
