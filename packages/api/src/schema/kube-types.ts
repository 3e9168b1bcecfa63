import { Type } from '@sinclair/typebox';
import { StringEnum } from './string-enum.js';

/** A map of strings (labels, annotations, substitutions, metadata). */
export const StringMap = (options: { description?: string } = {}) => Type.Record(Type.String(), Type.String(), options);

/** Arbitrary JSON kept as written (apiextensions JSON, e.g. HelmRelease `values`). */
export const PreservedJson = (options: { description?: string } = {}) =>
  Type.Unknown({ ...options, 'x-kubernetes-preserve-unknown-fields': true });

/** An object whose fields the API server keeps without a schema (e.g. a patch `target`). */
export const PreservedObject = (options: { description?: string } = {}) =>
  Type.Record(Type.String(), Type.Unknown(), { ...options, 'x-kubernetes-preserve-unknown-fields': true });

export const Int64 = (options: { description?: string; minimum?: number; default?: number } = {}) =>
  Type.Integer({ ...options, format: 'int64' });

export const DateTime = (options: { description?: string } = {}) => Type.String({ ...options, format: 'date-time' });

export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(Type.String()),
    generateName: Type.Optional(Type.String()),
    namespace: Type.Optional(Type.String()),
    labels: Type.Optional(StringMap()),
    annotations: Type.Optional(StringMap()),
    uid: Type.Optional(Type.String()),
    resourceVersion: Type.Optional(Type.String()),
    generation: Type.Optional(Type.Integer()),
    creationTimestamp: Type.Optional(Type.String()),
    deletionTimestamp: Type.Optional(Type.String()),
    finalizers: Type.Optional(Type.Array(Type.String())),
  },
  { description: 'Standard Kubernetes object metadata.' },
);

export const LocalObjectReference = (description?: string) =>
  Type.Object({ name: Type.String({ description: 'Name of the referent.' }) }, { description });

export const SecretKeyReference = (description?: string) =>
  Type.Object(
    {
      name: Type.String({ description: 'Name of the Secret.' }),
      key: Type.Optional(Type.String({ description: 'Key in the Secret, when not the default.' })),
    },
    { description },
  );

export const NamespacedObjectReference = (description?: string) =>
  Type.Object(
    {
      name: Type.String({ description: 'Name of the referent.' }),
      namespace: Type.Optional(Type.String({ description: 'Namespace of the referent; defaults to the object own.' })),
    },
    { description },
  );

export const NamespacedObjectKindReference = (description?: string) =>
  Type.Object(
    {
      apiVersion: Type.Optional(Type.String()),
      kind: Type.String(),
      name: Type.String(),
      namespace: Type.Optional(Type.String()),
    },
    { description },
  );

export const KubeConfigReference = () =>
  Type.Object(
    { secretRef: Type.Optional(SecretKeyReference('Secret holding a kubeconfig, under `value` or `value.yaml`.')) },
    { description: 'Reconcile against a remote cluster with this kubeconfig.' },
  );

export const ValuesReference = () =>
  Type.Object({
    kind: StringEnum(['Secret', 'ConfigMap'] as const),
    name: Type.String({ minLength: 1, maxLength: 253 }),
    valuesKey: Type.Optional(Type.String({ maxLength: 253 })),
    targetPath: Type.Optional(Type.String({ maxLength: 250 })),
    optional: Type.Optional(Type.Boolean()),
  });

export const AccessFrom = () =>
  Type.Object(
    {
      namespaceSelectors: Type.Array(Type.Object({ matchLabels: Type.Optional(StringMap()) })),
    },
    { description: 'Namespaces allowed to refer to this object.' },
  );

export const LabelSelector = (description?: string) =>
  Type.Object(
    {
      matchLabels: Type.Optional(StringMap()),
      matchExpressions: Type.Optional(
        Type.Array(
          Type.Object({
            key: Type.String(),
            operator: Type.String(),
            values: Type.Optional(Type.Array(Type.String())),
          }),
        ),
      ),
    },
    { description },
  );

export const ConditionSchema = Type.Object({
  type: Type.String({ maxLength: 316 }),
  status: StringEnum(['True', 'False', 'Unknown'] as const),
  observedGeneration: Type.Optional(Int64({ minimum: 0 })),
  lastTransitionTime: DateTime(),
  reason: Type.String({ minLength: 1, maxLength: 1024 }),
  message: Type.String({ maxLength: 32768 }),
});

export const ArtifactSchema = Type.Object(
  {
    path: Type.String({ description: 'Path of the artifact relative to the storage root.' }),
    url: Type.String({ description: 'HTTP address of the artifact.' }),
    revision: Type.String({ description: 'Source revision, e.g. `main@sha1:<hex>`.' }),
    digest: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$' })),
    lastUpdateTime: DateTime(),
    size: Type.Optional(Int64()),
    metadata: Type.Optional(StringMap()),
  },
  { description: 'The output of a source reconciliation.' },
);

/** Status fields every Flux object carries. */
export const commonStatusFields = {
  observedGeneration: Type.Optional(Int64({ description: 'Last generation reconciled.' })),
  conditions: Type.Optional(Type.Array(ConditionSchema)),
  lastHandledReconcileAt: Type.Optional(
    Type.String({ description: 'Last value of the reconcile.fluxcd.io/requestedAt annotation handled.' }),
  ),
};

export const Patch = () =>
  Type.Object({
    patch: Type.String({ description: 'A strategic merge or JSON 6902 patch, as YAML or JSON.' }),
    target: Type.Optional(PreservedObject({ description: 'Kustomize selector of the objects to patch.' })),
  });

export const ImageOverride = () =>
  Type.Object({
    name: Type.String(),
    newName: Type.Optional(Type.String()),
    newTag: Type.Optional(Type.String()),
    digest: Type.Optional(Type.String()),
  });

export const CommonMetadata = () =>
  Type.Object(
    { labels: Type.Optional(StringMap()), annotations: Type.Optional(StringMap()) },
    { description: 'Labels and annotations added to every applied object.' },
  );
