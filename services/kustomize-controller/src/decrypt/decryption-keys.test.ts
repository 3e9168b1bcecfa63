import { describe, expect, it } from 'vitest';
import { DecryptionKeyError } from './decryption-error.js';
import { decryptionKeysFromSecret, KeyKind } from './decryption-keys.js';

const identity = 'AGE-SECRET-KEY-1RH87A5Z54ZGUR9S0AS3R6WHFSEFNPLYMAKF5Z2CEU7R06VRJ0A3Q7242AM';
const otherIdentity = 'AGE-SECRET-KEY-10U7MAELH09KZU63F65P2TYLN7TQM5X6GSDDCQ4YMUGDS3DS6XZMSTYY2PN';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('decryptionKeysFromSecret', () => {
  it('reads age identities from every *.agekey entry, skipping comments and blank lines', () => {
    const keys = decryptionKeysFromSecret({
      'b.agekey': b64(`${otherIdentity}\n`),
      'a.agekey': b64(`# created: 2021-03-31\n# public key: age1l44x…\n\r\n${identity}\r\n`),
      'README.txt': b64('not a key'),
    });
    expect(keys).toEqual({ ageIdentities: [identity, otherIdentity], unsupported: [] });
  });

  it('lists PGP keys and cloud credentials as unsupported instead of failing', () => {
    const keys = decryptionKeysFromSecret({
      'team.asc': b64('-----BEGIN PGP PRIVATE KEY BLOCK-----'),
      'sops.vault-token': b64('s.token'),
      'sops.aws-kms': b64('aws_access_key_id: x'),
      'sops.azure-kv': b64('{}'),
      'sops.gcp-kms': b64('{}'),
      'age.agekey': b64(identity),
    });
    expect(keys.ageIdentities).toEqual([identity]);
    expect(keys.unsupported).toEqual([
      { entry: 'sops.aws-kms', kind: KeyKind.AwsKms },
      { entry: 'sops.azure-kv', kind: KeyKind.AzureKeyVault },
      { entry: 'sops.gcp-kms', kind: KeyKind.GcpKms },
      { entry: 'sops.vault-token', kind: KeyKind.VaultToken },
      { entry: 'team.asc', kind: KeyKind.Pgp },
    ]);
  });

  it.each([
    ['a line that is not an identity', `# comment\nhello ${identity}`, 'line 2 is not a valid age identity'],
    ['a bad bech32 checksum', `${identity.slice(0, -1)}Q`, 'line 1 is not a valid age identity'],
    ['only comments', '# public key: age1…\n', 'holds no age identity'],
  ])('rejects an *.agekey entry with %s without echoing its content', (_name, content, reason) => {
    const read = () => decryptionKeysFromSecret({ 'prod.agekey': b64(content) });
    expect(read).toThrow(DecryptionKeyError);
    expect(read).toThrow(`decryption Secret entry "prod.agekey": ${reason}`);
    try {
      read();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(identity.slice(16, 40));
      expect((err as Error).cause).toBeUndefined();
    }
  });

  it('rejects a value that is not base64', () => {
    expect(() => decryptionKeysFromSecret({ 'x.agekey': 'not base64!' })).toThrow(
      'decryption Secret entry "x.agekey": value is not base64',
    );
  });
});
