import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import { validateCrd } from './validate-crd.js';

const crd = (spec: Record<string, unknown>, name = 'widgets.example.com'): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    ...spec,
  },
});

const dns1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('validateCrd', () => {
  it('accepts a valid CRD, defaulting singular and listKind', () => {
    expect(validateCrd(crd({}))).toEqual([]);
  });

  it.each([
    [
      'no group',
      crd({ group: undefined }, 'widgets.'),
      [
        expect.stringMatching(/^metadata.name: Invalid value: "widgets.": a lowercase RFC 1123 subdomain/),
        'spec.group: Required value',
      ],
    ],
    [
      'a group without a dot',
      crd({ group: 'example' }, 'widgets.example'),
      ['spec.group: Invalid value: "example": should be a domain with at least one dot'],
    ],
    [
      'no plural',
      crd({ names: { kind: 'Widget' } }, '.example.com'),
      [
        expect.stringMatching(/^metadata.name: Invalid value: ".example.com": a lowercase/),
        'spec.names.plural: Required value',
      ],
    ],
    [
      'no kind',
      crd({ names: { plural: 'widgets' } }),
      ['spec.names.singular: Required value', 'spec.names.kind: Required value', 'spec.names.listKind: Required value'],
    ],
    [
      'a wrong name',
      crd({}, 'gadgets.example.com'),
      ['metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group'],
    ],
    ['no scope', crd({ scope: undefined }), ['spec.scope: Required value']],
    [
      'a bad scope',
      crd({ scope: 'Global' }),
      ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
    ],
    [
      'no versions',
      crd({ versions: [] }),
      [
        'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{}: must have exactly one version marked as storage version',
      ],
    ],
    [
      'two storage versions',
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
          { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      }),
      [
        'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:true, Deprecated:false}, apiextensions.CustomResourceDefinitionVersion{Name:"v2", Served:true, Storage:true, Deprecated:false}}: must have exactly one version marked as storage version',
      ],
    ],
    [
      'a version without a schema',
      crd({ versions: [{ name: 'v1', served: true, storage: true }] }),
      ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'],
    ],
    [
      'a root schema that is not an object',
      crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'string' } } }] }),
      ['spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root'],
    ],
    [
      'an upper-case plural',
      crd({ names: { plural: 'Widgets', kind: 'Widget' } }, 'Widgets.example.com'),
      [
        expect.stringContaining('metadata.name: Invalid value: "Widgets.example.com": a lowercase RFC 1123 subdomain'),
        `spec.names.plural: Invalid value: "Widgets": ${dns1035}`,
      ],
    ],
    [
      'a bad printer column',
      crd({
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
            additionalPrinterColumns: [{ name: 'Size', type: 'text', jsonPath: '.spec.size' }],
          },
        ],
      }),
      [
        'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "text": supported values: "boolean", "date", "integer", "number", "string"',
      ],
    ],
  ])('rejects %s', (_case, object, errors) => {
    expect(validateCrd(object)).toEqual(errors);
  });
});
