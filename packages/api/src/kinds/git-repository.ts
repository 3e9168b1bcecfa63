import { type Static, Type } from '@sinclair/typebox';
import { ApiGroup } from '../constants/api-groups.js';
import { Duration, Timeout } from '../schema/duration.js';
import { AccessFrom, ArtifactSchema, commonStatusFields, LocalObjectReference } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { Column, FluxCategories, type KindDefinition, kubeObject } from './kind-definition.js';

export const GitRepositoryRefSchema = Type.Object(
  {
    branch: Type.Optional(Type.String({ description: 'Branch to check out; the remote HEAD when nothing is set.' })),
    tag: Type.Optional(Type.String({ description: 'Tag to check out; takes precedence over branch.' })),
    semver: Type.Optional(Type.String({ description: 'SemVer range of tags; takes precedence over tag.' })),
    name: Type.Optional(Type.String({ description: 'Full reference name, e.g. refs/pull/1/head.' })),
    commit: Type.Optional(Type.String({ description: 'Commit SHA; takes precedence over everything else.' })),
  },
  { description: 'The Git reference to check out and watch.' },
);

export const GitRepositorySpecSchema = Type.Object(
  {
    url: Type.String({
      // Flux accepts only URLs; Driftless also takes the scp-like `git@host:path` form.
      pattern: '^((http|https|ssh)://.*|[^@/\\s]+@[^:/\\s]+:.*)$',
      description: 'HTTP/S or SSH address of the repository (`ssh://…` or scp-like `git@host:path`).',
    }),
    secretRef: Type.Optional(LocalObjectReference('Secret with the credentials for the repository.')),
    provider: Type.Optional(
      StringEnum(['generic', 'azure', 'github'] as const, {
        default: 'generic',
        description: 'Provider used for authentication.',
      }),
    ),
    interval: Duration({ description: 'How often to check the repository for changes.' }),
    timeout: Type.Optional(Timeout({ default: '60s', description: 'Timeout for Git operations.' })),
    ref: Type.Optional(GitRepositoryRefSchema),
    verify: Type.Optional(
      Type.Object(
        {
          mode: Type.Optional(StringEnum(['head', 'HEAD', 'Tag', 'TagAndHEAD'] as const, { default: 'HEAD' })),
          secretRef: LocalObjectReference('Secret with the trusted public keys.'),
        },
        { description: 'Verify the OpenPGP signature of the commit or tag.' },
      ),
    ),
    proxySecretRef: Type.Optional(LocalObjectReference('Secret with the proxy address and credentials.')),
    ignore: Type.Optional(Type.String({ description: 'Exclusion patterns in .gitignore format.' })),
    suspend: Type.Optional(Type.Boolean({ description: 'Stop reconciling this object.' })),
    recurseSubmodules: Type.Optional(Type.Boolean({ description: 'Clone the submodules too.' })),
    include: Type.Optional(
      Type.Array(
        Type.Object({
          repository: LocalObjectReference('GitRepository to include.'),
          fromPath: Type.Optional(Type.String()),
          toPath: Type.Optional(Type.String()),
        }),
        { description: 'Other GitRepositories whose artifacts are copied into this one.' },
      ),
    ),
    sparseCheckout: Type.Optional(Type.Array(Type.String(), { description: 'Directories to check out.' })),
    accessFrom: Type.Optional(AccessFrom()),
    serviceAccountName: Type.Optional(Type.String()),
  },
  { description: 'GitRepositorySpec: where a Git repository is and how to fetch it.' },
);

export const GitRepositoryStatusSchema = Type.Object({
  ...commonStatusFields,
  artifact: Type.Optional(ArtifactSchema),
  includedArtifacts: Type.Optional(Type.Array(ArtifactSchema)),
  observedIgnore: Type.Optional(Type.String()),
  observedRecurseSubmodules: Type.Optional(Type.Boolean()),
  observedInclude: Type.Optional(
    Type.Array(
      Type.Object({
        repository: LocalObjectReference(),
        fromPath: Type.Optional(Type.String()),
        toPath: Type.Optional(Type.String()),
      }),
    ),
  ),
  observedSparseCheckout: Type.Optional(Type.Array(Type.String())),
  sourceVerificationMode: Type.Optional(Type.String()),
});

export const GitRepositorySchema = kubeObject({
  group: ApiGroup.Source,
  versions: ['v1'],
  kind: 'GitRepository',
  description: 'GitRepository fetches a Git repository and makes its content available as an artifact.',
  spec: GitRepositorySpecSchema,
  status: GitRepositoryStatusSchema,
});

export type GitRepositorySpec = Static<typeof GitRepositorySpecSchema>;
export type GitRepositoryStatus = Static<typeof GitRepositoryStatusSchema>;
export type GitRepository = Static<typeof GitRepositorySchema>;

export const gitRepositoryDefinition: KindDefinition = {
  group: ApiGroup.Source,
  kind: 'GitRepository',
  plural: 'gitrepositories',
  singular: 'gitrepository',
  shortNames: ['gitrepo'],
  categories: FluxCategories,
  namespaced: true,
  description: GitRepositorySchema.description!,
  versions: [{ name: 'v1', storage: true }],
  printerColumns: [{ name: 'URL', type: 'string', jsonPath: '.spec.url' }, Column.age, Column.ready, Column.status],
  spec: GitRepositorySpecSchema,
  status: GitRepositoryStatusSchema,
  schema: GitRepositorySchema,
};
