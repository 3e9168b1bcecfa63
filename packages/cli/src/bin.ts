#!/usr/bin/env node
import { Command } from 'commander';
import { registerBuildCommands } from './commands/build/register.js';
import { registerDevCommand } from './commands/dev/register.js';
import { registerGetCommands } from './commands/get/register.js';
import { registerInstallCommands } from './commands/install/register.js';
import { registerOpsCommands } from './commands/ops/register.js';
import { registerReconcileCommands } from './commands/reconcile/register.js';

const program = new Command('driftless')
  .description('Driftless: Flux-compatible GitOps controllers talking over NATS')
  .showHelpAfterError();

registerDevCommand(program);
registerOpsCommands(program);
registerInstallCommands(program);
registerGetCommands(program);
registerReconcileCommands(program);
registerBuildCommands(program);

await program.parseAsync();
