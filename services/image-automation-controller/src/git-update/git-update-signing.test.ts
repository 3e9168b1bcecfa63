import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runGit } from '@driftless/testkit';
import { createMessage, generateKey, readKey, readSignature, verify } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGitUpdate } from './git-update.js';
import { type GitUpdateFixture, startGitUpdateFixture } from './git-update-fixture.js';

const execFileAsync = promisify(execFile);
const gpgInstalled = spawnSync('gpg', ['--version']).status === 0;
const passphrase = 'correct horse battery staple';
let fixture: GitUpdateFixture;
let key: { privateKey: string; publicKey: string };

beforeAll(async () => {
  fixture = await startGitUpdateFixture();
  key = await generateKey({ userIDs: [{ name: 'Flux Bot', email: 'flux@example.com' }], passphrase });
});

afterAll(async () => {
  await fixture?.stop();
});

/** Splits a raw commit object into its `gpgsig` signature and the payload that was signed. */
function splitSignedCommit(raw: string): { signature: string; payload: string } {
  const [head, ...body] = raw.split('\n\n');
  const kept: string[] = [];
  const signature: string[] = [];
  let inSignature = false;
  for (const line of head.split('\n')) {
    if (line.startsWith('gpgsig ')) {
      inSignature = true;
      signature.push(line.slice('gpgsig '.length));
    } else if (inSignature && line.startsWith(' ')) {
      signature.push(line.slice(1));
    } else {
      inSignature = false;
      kept.push(line);
    }
  }
  return { signature: signature.join('\n'), payload: `${kept.join('\n')}\n\n${body.join('\n\n')}` };
}

describe('runGitUpdate signing', () => {
  it('signs the commit with the OpenPGP key', async () => {
    const repo = await fixture.seed('signed', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, {
      author: {
        name: 'Flux Bot',
        email: 'flux@example.com',
        signingKey: { armoredPrivateKey: key.privateKey, passphrase },
      },
    });

    const outcome = await runGitUpdate(request);

    if (!outcome.pushed) throw new Error('not pushed');
    const { signature, payload } = splitSignedCommit(await repo.git('cat-file', 'commit', outcome.commit));
    const result = await verify({
      message: await createMessage({ binary: new TextEncoder().encode(`${payload}\n`) }),
      signature: await readSignature({ armoredSignature: signature }),
      verificationKeys: await readKey({ armoredKey: key.publicKey }),
    });
    await expect(result.signatures[0].verified).resolves.toBe(true);
  });

  it.skipIf(!gpgInstalled)('makes signatures the real git verifies', async () => {
    const repo = await fixture.seed('signed-git', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, {
      author: {
        name: 'Flux Bot',
        email: 'flux@example.com',
        signingKey: { armoredPrivateKey: key.privateKey, passphrase },
      },
    });
    const gnupgHome = await mkdtemp(join(tmpdir(), 'driftless-gnupg-'));
    try {
      const outcome = await runGitUpdate(request);
      if (!outcome.pushed) throw new Error('not pushed');
      await writeFile(join(gnupgHome, 'public.asc'), key.publicKey);
      const env = { GNUPGHOME: gnupgHome };
      await execFileAsync('gpg', ['--batch', '--quiet', '--no-autostart', '--import', join(gnupgHome, 'public.asc')], {
        env,
      });
      const verified = await runGit(['verify-commit', '--raw', outcome.commit], { cwd: repo.bareDir, env });
      expect(verified.stderr).toContain('GOODSIG');
    } finally {
      await rm(gnupgHome, { recursive: true, force: true });
    }
  });

  it('reports a wrong passphrase without key material and commits nothing', async () => {
    const repo = await fixture.seed('wrong-passphrase', { 'deploy.yaml': 'image: app:v1\n' });
    const wrong = 'not-the-passphrase';
    const request = await fixture.request(repo, {
      author: {
        name: 'Flux Bot',
        email: 'flux@example.com',
        signingKey: { armoredPrivateKey: key.privateKey, passphrase: wrong },
      },
    });

    const failure = (await runGitUpdate(request).catch((err: unknown) => err)) as Error;

    expect(failure).toMatchObject({ name: 'GitSigningKeyError' });
    expect(failure.message).toMatch(/decrypt/);
    expect(failure.message).not.toContain(wrong);
    expect(failure.message).not.toContain('BEGIN PGP');
    expect(failure.message).not.toContain(key.privateKey.split('\n')[3]);
    expect(await repo.git('rev-parse', 'refs/heads/main')).toBe(repo.head);
  });

  it('reports a key that is not a key', async () => {
    const repo = await fixture.seed('bad-key', { 'deploy.yaml': 'image: app:v1\n' });
    const request = await fixture.request(repo, {
      author: { name: 'Flux Bot', email: 'flux@example.com', signingKey: { armoredPrivateKey: 'not a key at all' } },
    });

    await expect(runGitUpdate(request)).rejects.toMatchObject({
      name: 'GitSigningKeyError',
      message: expect.stringContaining('could not read'),
    });
  });
});
