import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Unstructured } from '@driftless/apply';
import { type AgeKey, encryptSops, generateAgeKey } from '@driftless/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DecryptionError } from './decryption-error.js';
import { type DecryptionKeys, decryptionKeysFromSecret } from './decryption-keys.js';
import { decryptManifests } from './sops-decrypt.js';
import { decryptSopsYaml } from './sops-yaml.js';

const execFileAsync = promisify(execFile);
const fluxFixtures = fileURLToPath(new URL('../../test/fixtures/sops/flux/', import.meta.url));
const kubectl = fileURLToPath(new URL('../../../../.tools/bin/kubectl', import.meta.url));
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function fixture(name: string): Promise<string> {
  return readFile(join(fluxFixtures, name), 'utf8');
}

async function fluxKeys(name: string): Promise<DecryptionKeys> {
  return decryptionKeysFromSecret({ [name]: b64(await fixture(name)) });
}

function keysFor(key: AgeKey): DecryptionKeys {
  return decryptionKeysFromSecret({ 'test.agekey': b64(`${key.identity}\n`) });
}

async function rejection(promise: Promise<unknown>): Promise<DecryptionError> {
  const err = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(err).toBeInstanceOf(DecryptionError);
  return err as DecryptionError;
}

const dbSecret = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: apps
type: Opaque
data:
  password: ${b64('s3cr3t-password')}
stringData:
  username: admin
  port: 5432
  tls: true
  ratio: 0.75
  empty: ""
`;

describe('SOPS files written by the real sops (Flux fixtures)', () => {
  it.each([
    ['secret-age.yaml', 'age.agekey', { stringData: { key: 'value' } }],
    ['secret-global.yaml', 'age-global.agekey', { type: 'Opaque', stringData: { key: 'global-value' } }],
  ])('decrypts %s and verifies its MAC', async (file, keyFile, expected) => {
    const plain = parse(await decryptSopsYaml(await fixture(file), await fluxKeys(keyFile), { subject: file }));
    expect(plain).toMatchObject(expected);
    expect(plain.sops).toBeUndefined();
  });

  it('decrypts values inside a list, bound to the list key path (encrypted_regex: env)', async () => {
    const plain = parse(await decryptSopsYaml(await fixture('pod.yaml'), await fluxKeys('age.agekey')));
    expect(plain.spec.containers[0]).toEqual({
      name: 'main',
      image: 'nginx:stable-alpine',
      env: [{ name: 'ImagineThisIsACRD', value: 'and this is a secret' }],
      resources: { limits: { memory: '50Mi', cpu: '50m' } },
    });
  });

  it('rejects a fixture whose plaintext was edited: MAC mismatch', async () => {
    const edited = (await fixture('secret-age.yaml')).replace('name: age', 'name: renamed');
    const err = await rejection(decryptSopsYaml(edited, await fluxKeys('age.agekey'), { subject: 'sops/age.yaml' }));
    expect(err.message).toBe('sops/age.yaml: MAC mismatch: the file was changed after encryption');
  });

  it('decrypts the objects kustomize built from the fixtures (keys sorted, MAC not checked)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-sops-'));
    try {
      for (const file of ['secret-age.yaml', 'secret-global.yaml', 'pod.yaml']) {
        await cp(join(fluxFixtures, file), join(dir, file));
      }
      await writeFile(join(dir, 'kustomization.yaml'), 'resources: [secret-age.yaml, secret-global.yaml, pod.yaml]\n');
      const { stdout } = await execFileAsync(kubectl, ['kustomize', dir]);
      const built = parseAllDocuments(stdout).map((doc) => doc.toJS() as Unstructured);
      const keys = decryptionKeysFromSecret({
        'a.agekey': b64(await fixture('age.agekey')),
        'b.agekey': b64(await fixture('age-global.agekey')),
      });

      const plain = await decryptManifests(built, keys);
      const byName = new Map(plain.map((object) => [object.metadata.name, object]));
      expect(byName.get('age')?.stringData).toEqual({ key: 'value' });
      expect(byName.get('global-age-secret')?.stringData).toEqual({ key: 'global-value' });
      expect(plain.every((object) => object.sops === undefined)).toBe(true);

      // kustomize sorted `stringData` before `type`, so the MAC over the built object no longer holds.
      const err = await rejection(decryptManifests(built, keys, { verifyMac: true }));
      expect(err.message).toBe('Secret/default/global-age-secret: MAC mismatch: the file was changed after encryption');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('decryptManifests with files encrypted by the testkit (real age key)', () => {
  let key: AgeKey;
  let otherKey: AgeKey;
  beforeAll(async () => {
    [key, otherKey] = await Promise.all([generateAgeKey(), generateAgeKey()]);
  });

  const encrypted = async (text: string, encryptedRegex = '^(data|stringData)$') =>
    parse(await encryptSops(text, { recipient: key.recipient, encryptedRegex })) as Unstructured;

  it('decrypts a Secret, keeping data base64 and stringData typed, and drops the sops block', async () => {
    const secret = await encrypted(dbSecret);
    expect(secret.stringData).toMatchObject({ username: expect.stringMatching(/^ENC\[AES256_GCM,/), empty: '' });

    const [plain] = await decryptManifests([secret], keysFor(key), { verifyMac: true });
    expect(plain).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'apps' },
      type: 'Opaque',
      data: { password: b64('s3cr3t-password') },
      stringData: { username: 'admin', port: 5432, tls: true, ratio: 0.75, empty: '' },
    });
  });

  it('decrypts any kind and passes objects without sops through untouched', async () => {
    const config = await encrypted(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  token: abc\n',
      '^data$',
    );
    const plainObject: Unstructured = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } };
    const result = await decryptManifests([plainObject, config], keysFor(key));
    expect(result[0]).toBe(plainObject);
    expect(result[1]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { token: 'abc' },
    });
  });

  it('returns the same list when nothing is encrypted, even with no keys', async () => {
    const objects: Unstructured[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }];
    expect(await decryptManifests(objects, { ageIdentities: [], unsupported: [] })).toBe(objects);
  });

  it('leaves an object annotated kustomize.toolkit.fluxcd.io/decrypt: disabled as built', async () => {
    const secret = await encrypted(dbSecret);
    secret.metadata.annotations = { 'kustomize.toolkit.fluxcd.io/decrypt': 'disabled' };
    const [result] = await decryptManifests([secret], keysFor(key));
    expect(result).toBe(secret);
  });

  it('names the object and the recipients when no identity matches, never the key or the values', async () => {
    const secret = await encrypted(dbSecret);
    const err = await rejection(decryptManifests([secret], keysFor(otherKey)));
    expect(err.message).toBe(`Secret/apps/db: no age identity matches recipients ${key.recipient}`);
    expect(err.subject).toBe('Secret/apps/db');
    expect(JSON.stringify({ message: err.message, reason: err.reason })).not.toMatch(/AGE-SECRET-KEY|admin|s3cr3t/);
  });

  it('says there is no age identity when the Secret only has PGP keys', async () => {
    const secret = await encrypted(dbSecret);
    const keys = decryptionKeysFromSecret({ 'team.asc': b64('-----BEGIN PGP PRIVATE KEY BLOCK-----') });
    const err = await rejection(decryptManifests([secret], keys));
    expect(err.reason).toBe(
      `no age identity to decrypt with (the decryption Secret has no *.agekey entry) for recipients ${key.recipient}`,
    );
  });

  it('says PGP is not supported when the file is encrypted only for PGP', async () => {
    const secret = await encrypted(dbSecret);
    const sops = secret.sops as Record<string, unknown>;
    sops.age = [];
    sops.pgp = [{ fp: '35C1A64CD7FC0AB6EB66756B2445463C3234ECE1', enc: '-----BEGIN PGP MESSAGE-----' }];
    const keys = decryptionKeysFromSecret({ 'team.asc': b64('pgp'), 'test.agekey': b64(key.identity) });
    const err = await rejection(decryptManifests([secret], keys));
    expect(err.reason).toBe(
      'encrypted only for PGP 35C1A64CD7FC0AB6EB66756B2445463C3234ECE1; only age keys are supported ' +
        '(PGP keys are not supported: team.asc ignored)',
    );
  });

  it('rejects an encrypted value moved to another key even without the MAC check', async () => {
    const secret = await encrypted(dbSecret);
    const stringData = secret.stringData as Record<string, unknown>;
    [stringData.username, stringData.port] = [stringData.port, stringData.username];
    const err = await rejection(decryptManifests([secret], keysFor(key)));
    expect(err.reason).toBe(
      'value at stringData:username failed authentication: the value was changed, moved or encrypted with another data key',
    );
  });

  it('rejects a changed plaintext field when the MAC is checked, and accepts it when it is not', async () => {
    const secret = await encrypted(dbSecret);
    secret.metadata.name = 'db-copy';
    const err = await rejection(decryptManifests([secret], keysFor(key), { verifyMac: true }));
    expect(err.message).toBe('Secret/apps/db-copy: MAC mismatch: the file was changed after encryption');
    const [plain] = await decryptManifests([secret], keysFor(key));
    expect(plain?.stringData).toMatchObject({ username: 'admin' });
  });

  it('rejects a sops block split into several key groups (Shamir)', async () => {
    const secret = await encrypted(dbSecret);
    const sops = secret.sops as Record<string, unknown>;
    sops.key_groups = [{ age: sops.age }, { age: sops.age }];
    sops.age = [];
    const err = await rejection(decryptManifests([secret], keysFor(key)));
    expect(err.reason).toBe('the data key is split across 2 key groups (Shamir), not supported');
  });
});

describe('decryptSopsYaml with files encrypted by the testkit', () => {
  let key: AgeKey;
  beforeAll(async () => {
    key = await generateAgeKey();
  });

  const settings = `database:
  host: db.internal
  password: hunter2
  port_unencrypted: 5432
replicas: [1, 2.5, true]
"10": ten
enabled: false
`;

  it('decrypts everything but *_unencrypted keys by default, keeping order for the MAC', async () => {
    const encryptedText = await encryptSops(settings, { recipient: key.recipient });
    const encryptedTree = parse(encryptedText);
    expect(encryptedTree.database.port_unencrypted).toBe(5432);
    expect(encryptedTree.database.host).toMatch(/^ENC\[AES256_GCM,.*type:str\]$/);
    expect(encryptedTree.replicas[1]).toMatch(/type:float\]$/);

    const plain = await decryptSopsYaml(encryptedText, keysFor(key), { subject: 'config/settings.yaml' });
    expect(parse(plain)).toEqual(parse(settings));
  });

  it('checks only encrypted values with mac_only_encrypted', async () => {
    const encryptedText = await encryptSops(settings, { recipient: key.recipient, macOnlyEncrypted: true });
    const edited = encryptedText.replace('port_unencrypted: 5432', 'port_unencrypted: 6543');
    expect(parse(await decryptSopsYaml(edited, keysFor(key))).database.port_unencrypted).toBe(6543);

    const reordered = stringify(Object.fromEntries(Object.entries(parse(encryptedText)).reverse()));
    const err = await rejection(decryptSopsYaml(reordered, keysFor(key), { subject: 'settings.yaml' }));
    expect(err.message).toBe('settings.yaml: MAC mismatch: the file was changed after encryption');
  });

  it.each([
    ['two documents', '---\na: 1\n---\nb: 2\n', 'multi-document SOPS YAML is not supported'],
    ['no sops block', 'a: 1\n', 'has no top-level sops metadata'],
    ['broken YAML', 'a: [1\n', 'is not valid YAML'],
  ])('rejects %s naming the file', async (_name, text, reason) => {
    const err = await rejection(decryptSopsYaml(text, keysFor(key), { subject: 'bad.yaml' }));
    expect(err.message).toContain(`bad.yaml: ${reason}`);
  });
});
