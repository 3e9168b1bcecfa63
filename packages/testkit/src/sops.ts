import { execFile, spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';

const execFileAsync = promisify(execFile);

export interface AgeKey {
  /** `AGE-SECRET-KEY-1…`, what goes into a decryption Secret's `*.agekey` entry. */
  identity: string;
  /** `age1…`, what files are encrypted to. */
  recipient: string;
}

export interface EncryptSopsOptions {
  recipient: string;
  /** sops `--encrypted-regex`; without it every value is encrypted except keys ending in `_unencrypted`. */
  encryptedRegex?: string;
  /** sops `--mac-only-encrypted`. */
  macOnlyEncrypted?: boolean;
  /** The `age` binary that encrypts the data key. */
  ageBinary?: string;
}

export class SopsEncryptError extends Error {
  override name = 'SopsEncryptError';
}

/** Makes a fresh X25519 key with the real `age-keygen`. */
export async function generateAgeKey(binary = 'age-keygen'): Promise<AgeKey> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(binary, [], { encoding: 'utf8' }));
  } catch (err) {
    throw new SopsEncryptError(`${binary} failed (is the Debian package "age" installed? run npm run setup)`, {
      cause: err,
    });
  }
  const identity = stdout.split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-1'));
  const recipient = /^# public key: (age1\S+)$/m.exec(stdout)?.[1];
  if (!identity || !recipient) throw new SopsEncryptError(`${binary} printed no key`);
  return { identity, recipient };
}

/**
 * Encrypts a one-document YAML file the way `sops --encrypt --age <recipient>` does: a random data
 * key encrypted to the recipient by the real `age` binary, AES-256-GCM values bound to their key
 * path, and a SHA-512 MAC over all plaintext values. Test-only: no comments, one key group.
 */
export async function encryptSops(yamlText: string, options: EncryptSopsOptions): Promise<string> {
  const documents = parseAllDocuments(yamlText);
  const document = Array.isArray(documents) && documents.length === 1 ? documents[0] : undefined;
  const tree = document?.toJS({ mapAsMap: true }) as unknown;
  if (!(tree instanceof Map)) throw new SopsEncryptError('encryptSops needs exactly one YAML mapping document');

  const dataKey = randomBytes(32);
  const shouldEncrypt = (path: string[]): boolean => {
    if (options.encryptedRegex === undefined) return !path.some((key) => key.endsWith('_unencrypted'));
    const regex = new RegExp(options.encryptedRegex);
    return path.some((key) => regex.test(key));
  };
  const mac = createHash('sha512');
  if (options.macOnlyEncrypted) mac.update(createHash('sha256').update('sops').digest());

  const encryptLeaf = (value: string | number | boolean, path: string[]): string | number | boolean => {
    const encrypt = shouldEncrypt(path);
    if (!options.macOnlyEncrypted || encrypt) mac.update(goBytes(value));
    return encrypt ? encryptValue(value, dataKey, `${path.join(':')}:`) : value;
  };
  const encrypted = walk(tree, [], encryptLeaf) as Map<unknown, unknown>;

  const lastModified = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const sops = new Map<string, unknown>([
    ['kms', []],
    ['gcp_kms', []],
    ['azure_kv', []],
    ['hc_vault', []],
    ['age', [{ recipient: options.recipient, enc: await ageEncrypt(dataKey, options) }]],
    ['lastmodified', lastModified],
    ['mac', encryptValue(mac.digest('hex').toUpperCase(), dataKey, lastModified)],
    ['pgp', []],
  ]);
  if (options.encryptedRegex !== undefined) sops.set('encrypted_regex', options.encryptedRegex);
  else sops.set('unencrypted_suffix', '_unencrypted');
  if (options.macOnlyEncrypted) sops.set('mac_only_encrypted', true);
  sops.set('version', '3.9.0');
  encrypted.set('sops', sops);
  return stringify(encrypted);
}

type Leaf = (value: string | number | boolean, path: string[]) => string | number | boolean;

function walk(value: unknown, path: string[], leaf: Leaf): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return leaf(value, path);
  if (Array.isArray(value)) return value.map((item) => walk(item, path, leaf));
  if (value instanceof Map) {
    return new Map([...value].map(([key, item]) => [key, walk(item, [...path, String(key)], leaf)]));
  }
  return value;
}

function encryptValue(value: string | number | boolean, dataKey: Buffer, additionalData: string): string {
  if (value === '') return '';
  const type =
    typeof value === 'string' ? 'str' : typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'float';
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const data = Buffer.concat([cipher.update(goBytes(value)), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}

// sops ToBytes: Go number formatting, booleans as True/False.
function goBytes(value: string | number | boolean): Buffer {
  if (typeof value === 'boolean') return Buffer.from(value ? 'True' : 'False');
  if (typeof value === 'number' && Number.isInteger(value)) return Buffer.from(BigInt(value).toString());
  return Buffer.from(String(value), 'utf8');
}

function ageEncrypt(dataKey: Buffer, options: EncryptSopsOptions): Promise<string> {
  const binary = options.ageBinary ?? 'age';
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--encrypt', '--armor', '--recipient', options.recipient], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (err) => reject(new SopsEncryptError(`${binary} could not start`, { cause: err })));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new SopsEncryptError(`${binary} exited with ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(dataKey);
  });
}
