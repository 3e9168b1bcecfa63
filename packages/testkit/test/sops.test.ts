import { execFile, spawn } from 'node:child_process';
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type AgeKey, encryptSops, generateAgeKey, SopsEncryptError } from '../src/index.js';

/** Decrypts with the real `age` binary, so the test does not trust the code under test. */
function ageDecrypt(armored: string, identityFile: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('age', ['--decrypt', '-i', identityFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`age exit ${code}`))));
    child.stdin.end(armored);
  });
}

function openValue(value: string, dataKey: Buffer, additionalData: string): string {
  const match = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]$/.exec(value);
  if (!match) throw new Error('not an ENC value');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(match[2] ?? '', 'base64'));
  decipher.setAAD(Buffer.from(additionalData));
  decipher.setAuthTag(Buffer.from(match[3] ?? '', 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(match[1] ?? '', 'base64')), decipher.final()]).toString();
}

describe('generateAgeKey', () => {
  it('makes a key whose recipient age-keygen derives from the identity', async () => {
    const key = await generateAgeKey();
    expect(key.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    const derived = await new Promise<string>((resolve, reject) => {
      const child = execFile('age-keygen', ['-y'], (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
      child.stdin?.end(`${key.identity}\n`);
    });
    expect(derived).toBe(key.recipient);
  });

  it('reports a missing binary', async () => {
    await expect(generateAgeKey('/nonexistent/age-keygen')).rejects.toBeInstanceOf(SopsEncryptError);
  });
});

describe('encryptSops', () => {
  let key: AgeKey;
  let dir: string;
  let identityFile: string;
  beforeAll(async () => {
    key = await generateAgeKey();
    dir = await mkdtemp(join(tmpdir(), 'testkit-sops-'));
    identityFile = join(dir, 'key.txt');
    await writeFile(identityFile, `${key.identity}\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const secret =
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n  port: 5432\n';

  it('encrypts matching values with a data key that the real age decrypts, bound to their path', async () => {
    const out = parse(await encryptSops(secret, { recipient: key.recipient, encryptedRegex: '^(data|stringData)$' }));
    expect(out.metadata).toEqual({ name: 'db' });
    expect(out.sops).toMatchObject({
      age: [{ recipient: key.recipient, enc: expect.stringMatching(/^-----BEGIN AGE ENCRYPTED FILE-----\n/) }],
      encrypted_regex: '^(data|stringData)$',
      lastmodified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });

    const dataKey = await ageDecrypt(out.sops.age[0].enc, identityFile);
    expect(dataKey).toHaveLength(32);
    expect(openValue(out.stringData.password, dataKey, 'stringData:password:')).toBe('hunter2');
    expect(out.stringData.port).toMatch(/type:int\]$/);
    expect(() => openValue(out.stringData.password, dataKey, 'stringData:port:')).toThrow();

    const mac = createHash('sha512');
    for (const value of ['v1', 'Secret', 'db', 'hunter2', '5432']) mac.update(value);
    expect(openValue(out.sops.mac, dataKey, out.sops.lastmodified)).toBe(mac.digest('hex').toUpperCase());
  });

  it('encrypts everything but *_unencrypted keys without a regex', async () => {
    const out = parse(await encryptSops('a: 1\nb_unencrypted: 2\n', { recipient: key.recipient }));
    expect(out.a).toMatch(/^ENC\[/);
    expect(out.b_unencrypted).toBe(2);
    expect(out.sops.unencrypted_suffix).toBe('_unencrypted');
  });

  it('rejects input that is not one YAML mapping', async () => {
    await expect(encryptSops('- a\n', { recipient: key.recipient })).rejects.toThrow('exactly one YAML mapping');
  });

  it('reports an invalid recipient from age', async () => {
    await expect(encryptSops('a: 1\n', { recipient: 'age1invalid' })).rejects.toBeInstanceOf(SopsEncryptError);
  });
});
