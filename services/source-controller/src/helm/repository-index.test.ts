import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HelmIndexError } from './helm-errors.js';
import { indexArtifact, indexUrl, parseIndex } from './repository-index.js';

const yamlIndex = `apiVersion: v1
entries:
  podinfo:
  - name: podinfo
    version: 6.0.0
    urls: [podinfo-6.0.0.tgz]
    created: "2024-01-01T00:00:00Z"
  - name: podinfo
    version: 6.10.0
    urls: [podinfo-6.10.0.tgz]
    appVersion: 1.10
  - name: podinfo
    version: not-semver
    urls: [broken.tgz]
  - name: podinfo
    version: 6.2.0-rc.1
    urls: [podinfo-6.2.0-rc.1.tgz]
  - name: ../escape
    version: 1.0.0
    urls: [x.tgz]
  - null
  redis:
  - name: redis
    version: 1.2
    urls: [https://charts.example.com/redis-1.2.tgz]
generated: "2024-01-02T00:00:00Z"
`;

describe('parseIndex', () => {
  it('reads YAML, keeps numeric-looking strings, drops invalid versions and sorts newest first', () => {
    const index = parseIndex(Buffer.from(yamlIndex));
    expect(index.apiVersion).toBe('v1');
    expect(index.generated).toBe('2024-01-02T00:00:00Z');
    expect(index.entries.podinfo.map((e) => e.version)).toEqual(['6.10.0', '6.2.0-rc.1', '6.0.0']);
    expect(index.entries.podinfo[0].appVersion).toBe('1.10');
    expect(index.entries.podinfo[0].apiVersion).toBe('v1');
    expect(index.entries.redis).toEqual([
      { name: 'redis', version: '1.2', urls: ['https://charts.example.com/redis-1.2.tgz'], apiVersion: 'v1' },
    ]);
  });

  it('reads JSON (what Flux stores as the artifact) to the same index', () => {
    const fromYaml = parseIndex(Buffer.from(yamlIndex));
    const fromJson = parseIndex(indexArtifact(fromYaml, Buffer.from(yamlIndex)).content);
    expect(fromJson).toEqual(fromYaml);
  });

  it.each([
    ['empty bytes', ''],
    ['malformed YAML', 'apiVersion: v1\nentries:\n  podinfo: [\n'],
    ['duplicate keys', 'apiVersion: v1\napiVersion: v2\nentries: {}\n'],
    ['no apiVersion', 'entries: {}\n'],
    ['a list instead of a map', '- apiVersion: v1\n'],
    ['a plain string', 'hello'],
    ['entries that are not a map', 'apiVersion: v1\nentries: [a, b]\n'],
    ['a chart whose versions are not a list', 'apiVersion: v1\nentries:\n  podinfo: {name: podinfo}\n'],
    ['a version that is not a map', 'apiVersion: v1\nentries:\n  podinfo: [42]\n'],
  ])('rejects %s with HelmIndexError (IndexationFailed)', (_what, text) => {
    const fail = () => parseIndex(Buffer.from(text));
    expect(fail).toThrow(HelmIndexError);
    try {
      fail();
    } catch (err) {
      expect((err as HelmIndexError).reason).toBe('IndexationFailed');
    }
  });

  it('accepts an index without entries', () => {
    expect(parseIndex(Buffer.from('apiVersion: v1\n')).entries).toEqual({});
  });
});

describe('indexArtifact', () => {
  it('names the file and revision after the SHA-256 of the fetched bytes and stores sorted JSON', () => {
    const bytes = Buffer.from(yamlIndex);
    const hex = createHash('sha256').update(bytes).digest('hex');
    const artifact = indexArtifact(parseIndex(bytes), bytes);
    expect(artifact.revision).toBe(`sha256:${hex}`);
    expect(artifact.fileName).toBe(`index-${hex}.yaml`);
    const stored = JSON.parse(artifact.content.toString('utf8'));
    expect(Object.keys(stored)).toEqual(['apiVersion', 'entries', 'generated']);
    expect(Object.keys(stored.entries)).toEqual(['podinfo', 'redis']);
    expect(Object.keys(stored.entries.podinfo[0])).toEqual([...Object.keys(stored.entries.podinfo[0])].sort());
    expect(artifact.content.toString('utf8')).toContain('\n  "entries": {');
  });

  it('is stable for the same bytes and changes when the bytes change', () => {
    const a = Buffer.from(yamlIndex);
    const b = Buffer.from(`${yamlIndex}# a comment\n`);
    expect(indexArtifact(parseIndex(a), a)).toEqual(indexArtifact(parseIndex(Buffer.from(yamlIndex)), a));
    expect(indexArtifact(parseIndex(b), b).revision).not.toBe(indexArtifact(parseIndex(a), a).revision);
  });
});

describe('indexUrl', () => {
  it.each([
    ['https://charts.example.com', 'https://charts.example.com/index.yaml'],
    ['https://charts.example.com/', 'https://charts.example.com/index.yaml'],
    ['https://charts.example.com/stable', 'https://charts.example.com/stable/index.yaml'],
    ['https://charts.example.com/stable/', 'https://charts.example.com/stable/index.yaml'],
    ['https://charts.example.com/a?token=x', 'https://charts.example.com/a/index.yaml?token=x'],
  ])('%s -> %s', (repo, expected) => {
    expect(indexUrl(repo)).toBe(expected);
  });

  it('refuses a non-HTTP URL', () => {
    expect(() => indexUrl('oci://ghcr.io/charts')).toThrow(/unsupported URL scheme 'oci'/);
  });
});
