import { describe, expect, it } from 'vitest';
import { rewriteMarkedValues } from './rewrite-yaml.js';
import type { PolicyImage, PolicyResolver } from './setter-types.js';

const digest = `sha256:${'c0ffee'.repeat(10)}abcd`;
const images: Record<string, PolicyImage> = {
  'apps:podinfo': { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.5.1' },
  'apps:pinned': { name: 'ghcr.io/org/app', tag: 'v2.0.0', digest },
  'apps:numeric': { name: 'registry.local/app', tag: '1.10' },
};
const resolve: PolicyResolver = (policy) => images[`${policy.namespace}:${policy.name}`];
const lines = (...text: string[]) => text.join('\n');

describe('rewriteMarkedValues', () => {
  it('replaces only the marked value and keeps comments, blank lines, quoting and trailing blanks', () => {
    const input = lines(
      '# Deployment for podinfo   ',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: podinfo # the name',
      '  namespace: apps',
      '',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        # main container',
      '        - name: "podinfo"   ',
      '          image: ghcr.io/stefanprodan/podinfo:6.0.0   # {"$imagepolicy": "apps:podinfo"}',
      '          args: [\'--port\', "9898"]',
      '',
    );
    const result = rewriteMarkedValues(input, 'deploy.yaml', resolve);
    expect(result.text).toBe(input.replace('podinfo:6.0.0   #', 'podinfo:6.5.1   #'));
    expect(result.objects).toEqual([
      {
        object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo', namespace: 'apps' },
        changes: [
          {
            oldValue: 'ghcr.io/stefanprodan/podinfo:6.0.0',
            newValue: 'ghcr.io/stefanprodan/podinfo:6.5.1',
            setter: 'apps:podinfo',
          },
        ],
      },
    ]);
    expect(result.unresolved).toEqual([]);
    expect(result.parseError).toBeUndefined();
  });

  it('rewrites a kustomization.yaml images entry, which has no name', () => {
    const input = lines(
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '- deployment.yaml',
      'images:',
      '- name: podinfo',
      '  newName: ghcr.io/old/podinfo # {"$imagepolicy": "apps:podinfo:name"}',
      '  newTag: 6.0.0 # {"$imagepolicy": "apps:podinfo:tag"}',
      '',
    );
    const result = rewriteMarkedValues(input, 'kustomization.yaml', resolve);
    expect(result.text).toBe(
      lines(
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '- deployment.yaml',
        'images:',
        '- name: podinfo',
        '  newName: ghcr.io/stefanprodan/podinfo # {"$imagepolicy": "apps:podinfo:name"}',
        '  newTag: 6.5.1 # {"$imagepolicy": "apps:podinfo:tag"}',
        '',
      ),
    );
    expect(result.objects).toEqual([
      {
        object: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', name: '', namespace: '' },
        changes: [
          { oldValue: 'ghcr.io/old/podinfo', newValue: 'ghcr.io/stefanprodan/podinfo', setter: 'apps:podinfo:name' },
          { oldValue: '6.0.0', newValue: '6.5.1', setter: 'apps:podinfo:tag' },
        ],
      },
    ]);
  });

  it('rewrites HelmRelease values by name, tag and digest, keeping each quoting style', () => {
    const input = lines(
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: app',
      'spec:',
      '  values:',
      '    image:',
      '      repository: \'ghcr.io/org/app\' # {"$imagepolicy": "apps:pinned:name"}',
      '      tag: "v1.0.0" # {"$imagepolicy": "apps:pinned:tag"}',
      '      digest: sha256:0000 # {"$imagepolicy": "apps:pinned:digest"}',
      '    full: old:1 # {"$imagepolicy": "apps:pinned"}',
      '',
    );
    const result = rewriteMarkedValues(input, 'release.yaml', resolve);
    expect(result.text).toBe(
      lines(
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata:',
        '  name: app',
        'spec:',
        '  values:',
        '    image:',
        '      repository: \'ghcr.io/org/app\' # {"$imagepolicy": "apps:pinned:name"}',
        '      tag: "v2.0.0" # {"$imagepolicy": "apps:pinned:tag"}',
        `      digest: ${digest} # {"$imagepolicy": "apps:pinned:digest"}`,
        `    full: ghcr.io/org/app:v2.0.0@${digest} # {"$imagepolicy": "apps:pinned"}`,
        '',
      ),
    );
    expect(result.objects[0].changes.map((change) => change.setter)).toEqual([
      'apps:pinned:tag',
      'apps:pinned:digest',
      'apps:pinned',
    ]);
  });

  it('leaves a digest marker alone when the policy reflects no digest', () => {
    const input = 'digest: sha256:0000 # {"$imagepolicy": "apps:podinfo:digest"}\n';
    expect(rewriteMarkedValues(input, 'values.yaml', resolve)).toEqual({ text: input, objects: [], unresolved: [] });
  });

  it('quotes a new plain value that YAML would not read as a string', () => {
    const input = 'tag: 1.9 # {"$imagepolicy": "apps:numeric:tag"}\n';
    const result = rewriteMarkedValues(input, 'values.yaml', resolve);
    expect(result.text).toBe('tag: "1.10" # {"$imagepolicy": "apps:numeric:tag"}\n');
    expect(result.objects[0].changes).toEqual([{ oldValue: '1.9', newValue: '1.10', setter: 'apps:numeric:tag' }]);
  });

  it('keeps CRLF line ends and every document separator of a multi-document file', () => {
    const input = [
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: first, namespace: apps}',
      'data:',
      '  image: old:1 # {"$imagepolicy": "apps:podinfo"}',
      '--- # second',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: second',
      'spec:',
      '  containers:',
      '  - image: "old:1" #{"$imagepolicy":"apps:podinfo"}',
      '...',
      '',
    ].join('\r\n');
    const result = rewriteMarkedValues(input, 'multi.yaml', resolve);
    expect(result.text).toBe(
      [
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: first, namespace: apps}',
        'data:',
        '  image: ghcr.io/stefanprodan/podinfo:6.5.1 # {"$imagepolicy": "apps:podinfo"}',
        '--- # second',
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: second',
        'spec:',
        '  containers:',
        '  - image: "ghcr.io/stefanprodan/podinfo:6.5.1" #{"$imagepolicy":"apps:podinfo"}',
        '...',
        '',
      ].join('\r\n'),
    );
    expect(result.objects.map((entry) => entry.object)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'first', namespace: 'apps' },
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'second', namespace: '' },
    ]);
  });

  it('rewrites items of a flow sequence but not a marker after a whole collection', () => {
    const input = lines(
      'images: [',
      '  old:1, # {"$imagepolicy": "apps:podinfo"}',
      '  "keep:1"',
      ']',
      'pair: {repository: old, tag: 1.0.0} # {"$imagepolicy": "apps:podinfo:tag"}',
      'map: {',
      '  tag: 1.0.0 , # {"$imagepolicy": "apps:podinfo:tag"}',
      '}',
      '',
    );
    expect(rewriteMarkedValues(input, 'flow.yaml', resolve).text).toBe(
      lines(
        'images: [',
        '  ghcr.io/stefanprodan/podinfo:6.5.1, # {"$imagepolicy": "apps:podinfo"}',
        '  "keep:1"',
        ']',
        'pair: {repository: old, tag: 1.0.0} # {"$imagepolicy": "apps:podinfo:tag"}',
        'map: {',
        '  tag: 6.5.1 , # {"$imagepolicy": "apps:podinfo:tag"}',
        '}',
        '',
      ),
    );
  });

  it('rewrites an anchored value in place and leaves its aliases as they are', () => {
    const input = lines(
      'base: &img !!str old:1 # {"$imagepolicy": "apps:podinfo"}',
      'copy: *img',
      'list:',
      '- *img',
      '',
    );
    expect(rewriteMarkedValues(input, 'anchors.yaml', resolve).text).toBe(
      lines(
        'base: &img !!str ghcr.io/stefanprodan/podinfo:6.5.1 # {"$imagepolicy": "apps:podinfo"}',
        'copy: *img',
        'list:',
        '- *img',
        '',
      ),
    );
  });

  it('ignores markers on keys, on their own line, and comments that are not markers', () => {
    const input = lines(
      'spec: # {"$imagepolicy": "apps:podinfo"}',
      '  # {"$imagepolicy": "apps:podinfo"}',
      '  image: old:1',
      '  other: old:1 # {"$imagepolicy": "apps:podinfo:bogus"}',
      '  text: "old:1 # {\\"$imagepolicy\\": \\"apps:podinfo\\"}"',
      '  block: | # {"$imagepolicy": "apps:podinfo"}',
      '    old:1',
      '',
    );
    expect(rewriteMarkedValues(input, 'ignored.yaml', resolve)).toEqual({ text: input, objects: [], unresolved: [] });
  });

  it('reports markers naming an unknown policy and still rewrites the others', () => {
    const input = lines(
      'a: old:1 # {"$imagepolicy": "apps:missing"}',
      'b: old:1 # {"$imagepolicy": "apps:podinfo"}',
      'c: v1 # {"$imagepolicy": "other:podinfo:tag"}',
      '',
    );
    const result = rewriteMarkedValues(input, 'dir/values.yaml', resolve);
    expect(result.text).toBe(input.replace('b: old:1', 'b: ghcr.io/stefanprodan/podinfo:6.5.1'));
    expect(result.unresolved).toEqual([
      { file: 'dir/values.yaml', line: 1, policy: { namespace: 'apps', name: 'missing' } },
      { file: 'dir/values.yaml', line: 3, policy: { namespace: 'other', name: 'podinfo' } },
    ]);
  });

  it('makes no change when the value is already current', () => {
    const input = 'image: ghcr.io/stefanprodan/podinfo:6.5.1 # {"$imagepolicy": "apps:podinfo"}\n';
    expect(rewriteMarkedValues(input, 'current.yaml', resolve)).toEqual({ text: input, objects: [], unresolved: [] });
  });

  it('leaves a file that is not valid YAML untouched and says why', () => {
    const input = lines('image: old:1 # {"$imagepolicy": "apps:podinfo"}', '  bad: [unclosed', '');
    const result = rewriteMarkedValues(input, 'broken.yaml', resolve);
    expect(result.text).toBe(input);
    expect(result.objects).toEqual([]);
    expect(result.parseError).toMatch(/\S/);
  });
});
