import { type KindInfo, lookupKind } from '@driftless/api';

/** The five controllers, in the design's order. */
export const controllerNames = [
  'source-controller',
  'kustomize-controller',
  'helm-controller',
  'image-automation-controller',
  'notification-controller',
] as const;
export type ControllerName = (typeof controllerNames)[number];

/**
 * The kinds by the names the flux CLI gives them (`flux get sources git`, `flux reconcile ks`,
 * `flux get images policy`), each with the controller that reconciles it.
 */
export interface CliKind {
  /** Words after the verb, e.g. ['source', 'git'] or ['kustomization']. */
  words: readonly string[];
  aliases: readonly string[];
  kind: string;
  controller: ControllerName;
  info: KindInfo;
}

const table: Array<Omit<CliKind, 'info'>> = [
  {
    words: ['source', 'git'],
    aliases: ['gitrepository', 'gitrepo'],
    kind: 'GitRepository',
    controller: 'source-controller',
  },
  {
    words: ['source', 'helm'],
    aliases: ['helmrepository', 'helmrepo'],
    kind: 'HelmRepository',
    controller: 'source-controller',
  },
  { words: ['source', 'chart'], aliases: ['helmchart'], kind: 'HelmChart', controller: 'source-controller' },
  { words: ['source', 'oci'], aliases: ['ocirepository'], kind: 'OCIRepository', controller: 'source-controller' },
  { words: ['kustomization'], aliases: ['ks'], kind: 'Kustomization', controller: 'kustomize-controller' },
  { words: ['helmrelease'], aliases: ['hr'], kind: 'HelmRelease', controller: 'helm-controller' },
  {
    words: ['image', 'repository'],
    aliases: ['imagerepository'],
    kind: 'ImageRepository',
    controller: 'image-automation-controller',
  },
  {
    words: ['image', 'policy'],
    aliases: ['imagepolicy'],
    kind: 'ImagePolicy',
    controller: 'image-automation-controller',
  },
  {
    words: ['image', 'update'],
    aliases: ['imageupdateautomation'],
    kind: 'ImageUpdateAutomation',
    controller: 'image-automation-controller',
  },
  { words: ['alert-provider'], aliases: ['provider'], kind: 'Provider', controller: 'notification-controller' },
  { words: ['alert'], aliases: [], kind: 'Alert', controller: 'notification-controller' },
  { words: ['receiver'], aliases: [], kind: 'Receiver', controller: 'notification-controller' },
];

export const cliKinds: readonly CliKind[] = table.map((entry) => {
  const info = lookupKind(entry.kind);
  if (!info) throw new Error(`unknown kind ${entry.kind}`);
  return { ...entry, info };
});

export function cliKindOf(kind: string): CliKind {
  const found = cliKinds.find((entry) => entry.kind === kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}

/** `sources` and `images` group the kinds of one controller, as in `flux get sources all`. */
export function cliKindsInGroup(group: 'source' | 'image'): CliKind[] {
  return cliKinds.filter((entry) => entry.words[0] === group && entry.words.length === 2);
}
