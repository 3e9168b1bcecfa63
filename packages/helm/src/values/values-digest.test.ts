import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, helm, scratchHome } from '../../test/storage-support.js';
import { valuesChecksum, valuesDigest } from './values-digest.js';

const emptySha256 = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('valuesDigest (Flux chartutil.DigestValues cases)', () => {
  it('digests empty and missing values as nothing', () => {
    expect(valuesDigest({})).toBe(emptySha256);
    expect(valuesDigest(null)).toBe(emptySha256);
    expect(valuesDigest(undefined)).toBe(emptySha256);
  });

  it.each([
    [
      'a value map',
      {
        replicas: 3,
        image: { tag: 'latest', repository: 'nginx' },
        ports: [
          { protocol: 'TCP', port: 8080 },
          { port: 9090, protocol: 'UDP' },
        ],
      },
      'sha256:fcdc2b0de1581a3633ada4afee3f918f6eaa5b5ab38c3fef03d5b48d3f85d9f6',
    ],
    [
      'the same map in another order',
      {
        image: { repository: 'nginx', tag: 'latest' },
        ports: [
          { port: 8080, protocol: 'TCP' },
          { port: 9090, protocol: 'UDP' },
        ],
        replicas: 3,
      },
      'sha256:fcdc2b0de1581a3633ada4afee3f918f6eaa5b5ab38c3fef03d5b48d3f85d9f6',
    ],
    [
      'numeric-looking keys',
      {
        test: {
          '632bd82398e71231a98004b6': 'value4',
          '632bd817c559818a52307da2': 'value3',
          '632bd80ddf416cf32fd50679': 'value2',
          '632bd80235a05f4192aefade': 'value1',
        },
        replicas: 3,
      },
      'sha256:8a980fcbeadd6f05818f07e8aec14070c22250ca3d96af1fcd5f93b3e85b4d70',
    ],
  ])('matches Flux for %s', (_name, values, digest) => {
    expect(valuesDigest(values)).toBe(digest);
  });

  it('changes when a value changes', () => {
    expect(valuesDigest({ replicas: 3 })).not.toBe(valuesDigest({ replicas: 4 }));
  });
});

describe('valuesChecksum', () => {
  const home = scratchHome();
  afterAll(() => home.cleanup());

  it('is the sha1 of empty text for no values', () => {
    expect(valuesChecksum({})).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  it('is the sha1 of the YAML the real helm writes for the values (sigs.k8s.io/yaml)', async () => {
    const values = {
      b: 'x',
      a10: 1,
      a9: 2,
      big: 1000000,
      float: 1.5,
      long: 'a sentence that goes on and on and on well past the eighty column limit of the yaml v2 emitter, yes it does',
      longQuoted: "'quoted' start and a long long long long long long long long long long text beyond eighty columns",
      multi: 'line1\nline2\n',
      gaps: 'a\n\n  b',
      trailing: 'a\nb ',
      ambiguous: ['true', '123', '', '0777', '2024-01-02', '1e3', '3.', 'yes'],
      indicators: ['a: b', 'a #b', '- x', ' x', 'say "hi"', "it's", 'a\tb', 'héllo ✓'],
      list: [1, 'two', { k: 'v', z: [] }, [1, 2]],
      empty: {},
      nested: { m: { x: null } },
      n: 'no',
    };
    const valuesFile = join(home.path, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(values));
    const manifest = await helm(['template', 'echo', join(fixturesDir, 'yaml-chart'), '-f', valuesFile], {
      home: home.path,
    });
    const encoded = /values: "([^"]+)"/.exec(manifest)?.[1];
    // toYaml trims the final newline that sigs.k8s.io/yaml.Marshal ends with.
    const helmYaml = `${Buffer.from(encoded!, 'base64').toString('utf8')}\n`;
    expect(valuesChecksum(values)).toBe(createHash('sha1').update(helmYaml).digest('hex'));
  });
});
