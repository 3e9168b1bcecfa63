import { type CliKind, cliKinds, cliKindsInGroup } from '../../context/flux-kinds.js';

/** A word after `get` or `export`: one kind (`kustomizations`), or a family with sub-words (`sources git`). */
export interface KindNoun {
  /** flux get's word: `sources`, `kustomizations`, `alert-providers`. */
  plural: string;
  /** flux export's word: `source`, `kustomization`, `alert-provider`. */
  singular: string;
  aliases: readonly string[];
  /** Set for a single kind. */
  kind?: CliKind;
  /** Set for a family: each kind by its word, and `all` for every one of them. */
  members?: ReadonlyArray<{ word: string; kinds: readonly CliKind[] }>;
}

function family(word: 'source' | 'image'): KindNoun {
  const kinds = cliKindsInGroup(word);
  const members = kinds.map((kind) => ({ word: kind.words[1] ?? kind.kind, kinds: [kind] }));
  return { plural: `${word}s`, singular: word, aliases: [], members: [...members, { word: 'all', kinds }] };
}

function single(kind: CliKind): KindNoun {
  const word = kind.words[0] ?? kind.kind;
  return { plural: `${word}s`, singular: word, aliases: kind.aliases, kind };
}

export const kindNouns: readonly KindNoun[] = [
  family('source'),
  ...cliKinds.filter((kind) => kind.words.length === 1).map(single),
  family('image'),
];
