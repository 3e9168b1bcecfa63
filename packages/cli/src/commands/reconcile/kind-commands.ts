import type { Command } from 'commander';
import { type CliKind, cliKinds } from '../../context/flux-kinds.js';

const groupDescriptions: Record<string, string> = {
  source: 'sources: git, helm, chart, oci',
  image: 'image automation: repository, policy, update',
};

/**
 * Adds one subcommand per kind under `verb`, by flux's words (`source git`, `kustomization`) and
 * their aliases (`ks`; `gitrepository` directly under the verb), each set up by `configure`.
 */
export function addKindCommands(
  verb: Command,
  kinds: readonly CliKind[],
  configure: (command: Command, kind: CliKind) => void,
): void {
  const groups = new Map<string, Command>();
  for (const kind of kinds) {
    const [first, second] = kind.words;
    if (!first) continue;
    if (second === undefined) {
      const command = verb.command(first).aliases([...kind.aliases]);
      configure(command, kind);
      continue;
    }
    let group = groups.get(first);
    if (!group) {
      group = verb.command(first).description(groupDescriptions[first] ?? first);
      groups.set(first, group);
    }
    configure(group.command(second), kind);
    for (const alias of kind.aliases) configure(verb.command(alias, { hidden: true }), kind);
  }
}

/** Every kind flux can reconcile, suspend and resume: all of them. */
export const reconcilableKinds: readonly CliKind[] = cliKinds;
