import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { processIo } from '../../context/cli-io.js';
import { withConnectionOptions } from '../../context/connection-options.js';
import { type CliKind, cliKindOf, cliKinds } from '../../context/flux-kinds.js';
import { parseOutputFormat } from '../../output/output-format.js';
import { type ExportFlags, runExport } from './export-command.js';
import { type GetFlags, runGet } from './get-command.js';
import { type KindNoun, kindNouns } from './kind-nouns.js';
import { runTree, type TreeFlags, TreeFormat } from './tree-command.js';

/** Adds `get`, `tree` and `export`, the read-only verbs over Flux objects. */
export function registerGetCommands(program: Command): void {
  registerGet(program);
  registerTree(program);
  registerExport(program);
}

function registerGet(program: Command): void {
  const get = program.command('get').description('print Flux objects and their status, as `flux get`');
  addNouns(
    get,
    (noun) => noun.plural,
    (noun) => [noun.singular, ...noun.aliases],
    addGetLeaf,
  );
  addGetLeaf(get.command('all').description('every Flux kind, a table per kind'), cliKinds);
}

function addGetLeaf(command: Command, kinds: readonly CliKind[]): void {
  withConnectionOptions(
    command
      .argument('[name]', 'only this object')
      .option('-n, --namespace <namespace>', 'the namespace', 'default')
      .option('-A, --all-namespaces', 'every namespace')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table')
      .option('--status-selector <type=status>', 'only objects with this condition status, e.g. ready=false')
      .option('--no-header', 'leave the table header out'),
  ).action(async (name: string | undefined, flags: GetFlags) => {
    process.exitCode = await runGet({ kinds, name }, flags, processIo());
  });
}

function registerTree(program: Command): void {
  const tree = program.command('tree').description('print what a Kustomization or HelmRelease manages, as `flux tree`');
  const roots = [
    { word: 'kustomization', aliases: ['ks', 'kustomizations'], kind: cliKindOf('Kustomization') },
    { word: 'helmrelease', aliases: ['hr', 'helmreleases'], kind: cliKindOf('HelmRelease') },
  ];
  for (const root of roots) {
    withConnectionOptions(
      tree
        .command(root.word)
        .aliases(root.aliases)
        .description(`the objects a ${root.kind.kind} manages, nested`)
        .argument('<name>', `the ${root.kind.kind}`)
        .option('-n, --namespace <namespace>', 'its namespace', 'default')
        .option('-o, --output <format>', 'tree, json or yaml', parseTreeFormat, TreeFormat.tree)
        .option('--compact', 'only Flux objects'),
    ).action(async (name: string, flags: TreeFlags) => {
      process.exitCode = await runTree({ kind: root.kind, name }, flags, processIo());
    });
  }
}

function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('print Flux objects as YAML to commit, as `flux export`');
  addNouns(
    exportCommand,
    (noun) => noun.singular,
    (noun) => [noun.plural, ...noun.aliases],
    addExportLeaf,
  );
}

function addExportLeaf(command: Command, kinds: readonly CliKind[]): void {
  withConnectionOptions(
    command
      .argument('[name]', 'the object (or --all)')
      .option('-n, --namespace <namespace>', 'the namespace', 'default')
      .option('-A, --all-namespaces', 'every namespace (with --all)')
      .option('--all', 'every object of the kind'),
  ).action(async (name: string | undefined, flags: ExportFlags) => {
    process.exitCode = await runExport({ kinds, name }, flags, processIo());
  });
}

/** One sub-command per kind noun; families (`sources`, `images`) get one more level. */
function addNouns(
  parent: Command,
  nameOf: (noun: KindNoun) => string,
  aliasesOf: (noun: KindNoun) => string[],
  addLeaf: (command: Command, kinds: readonly CliKind[]) => void,
): void {
  for (const noun of kindNouns) {
    const command = parent.command(nameOf(noun)).aliases(aliasesOf(noun));
    if (noun.kind) addLeaf(command.description(`${noun.kind.kind} objects`), [noun.kind]);
    for (const member of noun.members ?? []) {
      const kinds = member.kinds.map((kind) => kind.kind).join(', ');
      addLeaf(command.command(member.word).description(`${kinds} objects`), member.kinds);
    }
  }
}

function parseTreeFormat(value: string): TreeFormat {
  if (value === 'tree' || value === 'json' || value === 'yaml') return value;
  throw new InvalidArgumentError('tree, json or yaml');
}
