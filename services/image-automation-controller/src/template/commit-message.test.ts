import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FileChanges } from '../setters/setter-types.js';
import { defaultMessageTemplate, renderCommitMessage } from './commit-message.js';
import { type CommitTemplateInput, TemplateError } from './template-types.js';

const podinfoDeployment: FileChanges = {
  file: 'apps/podinfo/deployment.yaml',
  objects: [
    {
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo', namespace: 'default' },
      changes: [
        {
          oldValue: 'ghcr.io/stefanprodan/podinfo:5.0.0',
          newValue: 'ghcr.io/stefanprodan/podinfo:5.0.3',
          setter: 'flux-system:podinfo-policy',
        },
      ],
    },
  ],
};

const backendRelease: FileChanges = {
  file: 'apps/backend/helmrelease.yaml',
  objects: [
    {
      object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'backend', namespace: 'apps' },
      changes: [
        { oldValue: '1.2.0', newValue: '1.3.0', setter: 'flux-system:backend:tag' },
        { oldValue: 'sha256:aaa', newValue: 'sha256:bbb', setter: 'flux-system:backend:digest' },
      ],
    },
  ],
};

const input: CommitTemplateInput = {
  automation: { namespace: 'flux-system', name: 'podinfo-update' },
  changes: [podinfoDeployment, backendRelease],
  values: { cluster: 'prod' },
};

/** The messageTemplate of a spec snippet copied from Flux's docs/spec/v1/imageupdateautomations.md. */
function templateOf(specYaml: string): string {
  const document = parse(specYaml);
  return (document.spec.commit ?? document.spec.git.commit).messageTemplate;
}

function failure(template: string): string {
  try {
    renderCommitMessage(template, input);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error('expected a TemplateError');
}

describe('Flux documented templates', () => {
  it('renders the "using the methods" example as Go does, including its blank line between changes', () => {
    const template = templateOf(`
spec:
  commit:
    messageTemplate: |
      Automated image update
      
      Automation name: {{ .AutomationObject }}

      Files:
      {{ range $filename, $_ := .Changed.FileChanges -}}
      - {{ $filename }}
      {{ end -}}

      Objects:
      {{ range $resource, $changes := .Changed.Objects -}}
      - {{ $resource.Kind }} {{ $resource.Name }}
        Changes:
      {{- range $_, $change := $changes }}
          - {{ $change.OldValue }} -> {{ $change.NewValue }}
      {{ end -}}
      {{ end -}}
`);
    expect(renderCommitMessage(template, input)).toBe(
      [
        'Automated image update',
        '',
        'Automation name: flux-system/podinfo-update',
        '',
        'Files:',
        '- apps/backend/helmrelease.yaml',
        '- apps/podinfo/deployment.yaml',
        'Objects:',
        '- Deployment podinfo',
        '  Changes:',
        '    - ghcr.io/stefanprodan/podinfo:5.0.0 -> ghcr.io/stefanprodan/podinfo:5.0.3',
        '- HelmRelease backend',
        '  Changes:',
        '    - 1.2.0 -> 1.3.0',
        '',
        '    - sha256:aaa -> sha256:bbb',
        '',
      ].join('\n'),
    );
  });

  it('renders the messageTemplateValues example', () => {
    const template = templateOf(`
spec:
  git:
    commit:
      messageTemplate: |-
        Automated image update by Flux for cluster {{ .Values.cluster }}.
      messageTemplateValues:
        cluster: prod
`);
    expect(renderCommitMessage(template, input)).toBe('Automated image update by Flux for cluster prod.');
  });

  it('renders the Gitea example (changes in file, then object order)', () => {
    const template = templateOf(`
spec:
  git:
    commit:
      messageTemplate: '{{range .Changed.Changes}}{{print .OldValue}} -> {{println
        .NewValue}}{{end}}'
`);
    expect(renderCommitMessage(template, input)).toBe(
      '1.2.0 -> 1.3.0\n' +
        'sha256:aaa -> sha256:bbb\n' +
        'ghcr.io/stefanprodan/podinfo:5.0.0 -> ghcr.io/stefanprodan/podinfo:5.0.3\n',
    );
  });

  it('renders the Sprig example with lower and contains', () => {
    const template = templateOf(`
spec:
  commit:
    messageTemplate: |
      Automated image update
      
      Automation name: {{ .AutomationObject }}

      Files:
      {{ range $filename, $_ := .Changed.FileChanges -}}
      - {{ $filename }}
      {{ end -}}

      Objects:
      {{ range $resource, $changes := .Changed.Objects -}}
      - {{ $resource.Kind | lower }} {{ $resource.Name | lower }}
        Changes:
      {{- range $_, $change := $changes }}
        {{ if contains "5.0.3" $change.NewValue -}}
          - {{ $change.OldValue }} -> {{ $change.NewValue }}
        {{ else -}}
          [skip ci] wrong image
        {{ end -}}
      {{ end -}}
      {{ end -}}
`);
    expect(renderCommitMessage(template, input)).toBe(
      [
        'Automated image update',
        '',
        'Automation name: flux-system/podinfo-update',
        '',
        'Files:',
        '- apps/backend/helmrelease.yaml',
        '- apps/podinfo/deployment.yaml',
        'Objects:',
        '- deployment podinfo',
        '  Changes:',
        '  - ghcr.io/stefanprodan/podinfo:5.0.0 -> ghcr.io/stefanprodan/podinfo:5.0.3',
        '  - helmrelease backend',
        '  Changes:',
        '  [skip ci] wrong image',
        '  ',
        '  [skip ci] wrong image',
        '  ',
      ].join('\n'),
    );
  });

  it('renders the Gerrit example, whose Change-Id hashes the printed changes with toString, sha256sum and trunc', () => {
    const template = templateOf(`
spec:
  git:
    commit:
      messageTemplate: |
        Perform automatic image update

        Automation name: {{ .AutomationObject }}

        {{- $ChangeId := .AutomationObject -}}
        {{- $ChangeId = printf "%s%s" $ChangeId ( .Changed.FileChanges | toString ) -}}
        {{- $ChangeId = printf "%s%s" $ChangeId ( .Changed.Objects | toString ) -}}
        {{- $ChangeId = printf "%s%s" $ChangeId ( .Changed.Changes | toString ) }}
        Change-Id: {{ printf "I%s" ( sha256sum $ChangeId | trunc 40 ) }}
`);
    const change = '{ghcr.io/stefanprodan/podinfo:5.0.0 ghcr.io/stefanprodan/podinfo:5.0.3 flux-system:podinfo-policy}';
    const objects = `map[{{{apps/v1 Deployment} {podinfo default}}}:[${change}]]`;
    const files = `map[apps/podinfo/deployment.yaml:${objects}]`;
    const hashed = ['flux-system/podinfo-update', files, objects, `[${change}]`].join('');
    const changeId = createHash('sha256').update(hashed).digest('hex').slice(0, 40);
    expect(renderCommitMessage(template, { ...input, changes: [podinfoDeployment] })).toBe(
      `Perform automatic image update\n\nAutomation name: flux-system/podinfo-update\nChange-Id: I${changeId}\n`,
    );
  });
});

describe('template data', () => {
  it('prints the data as Go prints Flux types', () => {
    const single = { ...input, changes: [podinfoDeployment] };
    const template = '{{ .AutomationObject }}|{{ .Changed.Objects }}|{{ .Changed.Changes }}|{{ .Values }}';
    expect(renderCommitMessage(template, single)).toBe(
      'flux-system/podinfo-update' +
        '|map[{{{apps/v1 Deployment} {podinfo default}}}:[{ghcr.io/stefanprodan/podinfo:5.0.0 ghcr.io/stefanprodan/podinfo:5.0.3 flux-system:podinfo-policy}]]' +
        '|[{ghcr.io/stefanprodan/podinfo:5.0.0 ghcr.io/stefanprodan/podinfo:5.0.3 flux-system:podinfo-policy}]' +
        '|map[cluster:prod]',
    );
  });

  it('exposes NamespacedName fields and ObjectIdentifier fields promoted from kyaml', () => {
    const template =
      '{{ .AutomationObject.Namespace }}/{{ .AutomationObject.Name }}' +
      '{{ range $id, $_ := .Changed.Objects }} {{ $id.APIVersion }},{{ $id.Kind }},{{ $id.Namespace }},{{ $id.Name }}{{ end }}';
    expect(renderCommitMessage(template, input)).toBe(
      'flux-system/podinfo-update apps/v1,Deployment,default,podinfo helm.toolkit.fluxcd.io/v2,HelmRelease,apps,backend',
    );
  });

  it('lists each distinct change once in .Changed.Changes', () => {
    const twice: CommitTemplateInput = {
      ...input,
      changes: [podinfoDeployment, { ...podinfoDeployment, file: 'b.yaml' }],
    };
    expect(renderCommitMessage('{{ len .Changed.Changes }} {{ len .Changed.Objects }}', twice)).toBe('1 1');
  });

  it('gives <no value> for a missing messageTemplateValues key', () => {
    expect(renderCommitMessage('cluster {{ .Values.region }}', input)).toBe('cluster <no value>');
  });
});

describe('default and failing templates', () => {
  it.each([undefined, ''])('uses Flux default message for %j', (template) => {
    expect(renderCommitMessage(template, input)).toBe('Update from image update automation');
    expect(defaultMessageTemplate).toBe('Update from image update automation');
  });

  it.each([
    ['.Updated', '{{ range .Updated.Images }}{{ . }}{{ end }}', "'.Updated' field. Please use '.Changed' instead."],
    [
      '.Changed.ImageResult',
      '{{ .Changed.ImageResult }}',
      "'.Changed.ImageResult' field. Please use '.Changed.FileChanges' or '.Changed.Objects' instead.",
    ],
  ])('names the removed field %s and its replacement', (_, template, expected) => {
    expect(failure(template)).toBe(
      `template uses removed ${expected} See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template`,
    );
  });

  it('wraps exec errors as Flux does, with line and column', () => {
    expect(failure('Update\n  {{ .Changed.Nope }}')).toBe(
      'failed to run template from spec: template: commit message:2:5: executing "commit message" at <.Changed.Nope>: ' +
        "can't evaluate field Nope in type update.Result",
    );
  });
});
