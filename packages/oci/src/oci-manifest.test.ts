import { describe, expect, it } from 'vitest';
import { OciManifestError } from './oci-errors.js';
import { parseManifest } from './oci-manifest.js';

const digest = `sha256:${'a'.repeat(64)}`;
const image = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.cncf.flux.config.v1+json', digest, size: 2 },
  layers: [{ mediaType: 'application/vnd.cncf.flux.content.v1.tar+gzip', digest, size: 10 }],
  annotations: { 'org.opencontainers.image.revision': 'main@sha1:1' },
};

describe('parseManifest', () => {
  it('parses an OCI image manifest', () => {
    const parsed = parseManifest(Buffer.from(JSON.stringify(image)), undefined, 's');
    expect(parsed).toEqual({ kind: 'image', manifest: image });
  });

  it('parses a Docker v2 manifest without mediaType in the body using Content-Type', () => {
    const { mediaType: _omit, ...body } = image;
    const parsed = parseManifest(
      Buffer.from(JSON.stringify(body)),
      'application/vnd.docker.distribution.manifest.v2+json',
      's',
    );
    expect(parsed.kind).toBe('image');
  });

  it('recognises an index', () => {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [image.config] };
    expect(parseManifest(Buffer.from(JSON.stringify(index)), undefined, 's').kind).toBe('index');
  });

  it.each([
    ['not JSON', '{'],
    ['schema 1', JSON.stringify({ schemaVersion: 1, fsLayers: [] })],
    ['a layer without digest', JSON.stringify({ ...image, layers: [{ mediaType: 'x', size: 1 }] })],
  ])('rejects %s with OCIArtifactPullFailed', (_name, body) => {
    expect(() => parseManifest(Buffer.from(body), undefined, 'subject')).toThrow(OciManifestError);
  });
});
