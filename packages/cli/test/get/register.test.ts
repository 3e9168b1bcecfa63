import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerGetCommands } from '../../src/commands/get/register.js';
import { createFlux, createNamespace, type Fixture, readyCondition, startFixture } from './fixture.js';

let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture();
  await createNamespace(fx.client, 'wired');
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'wired',
    name: 'apps',
    spec: { interval: '5m', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' } },
    status: { conditions: [readyCondition('False', 'build failed')] },
  });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

function program(): Command {
  const root = new Command('driftless').exitOverride();
  registerGetCommands(root);
  return root;
}

function sub(parent: Command, name: string): Command {
  const found = parent.commands.find((command) => command.name() === name);
  if (!found) throw new Error(`no ${name} under ${parent.name()}`);
  return found;
}

/** Runs the command line as bin.ts will, capturing what it writes to the process. */
async function invoke(args: string[]): Promise<{ code: number | string | undefined; stdout: string }> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await program().parseAsync(args, { from: 'user' });
    return { code: process.exitCode, stdout: written.join('') };
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}

describe('registerGetCommands', () => {
  it('mirrors flux: plural words for get, singular for export, with their aliases', () => {
    const root = program();
    const get = sub(root, 'get');
    expect(get.commands.map((command) => command.name())).toEqual([
      'sources',
      'kustomizations',
      'helmreleases',
      'alert-providers',
      'alerts',
      'receivers',
      'images',
      'all',
    ]);
    expect(sub(get, 'kustomizations').aliases()).toEqual(['kustomization', 'ks']);
    expect(sub(sub(get, 'sources'), 'all').name()).toBe('all');
    expect(sub(sub(get, 'images'), 'policy').name()).toBe('policy');
    expect(sub(sub(root, 'export'), 'helmrelease').aliases()).toEqual(['helmreleases', 'hr']);
    expect(sub(sub(root, 'tree'), 'kustomization').aliases()).toContain('ks');
  });

  it('passes flags through to the command', async () => {
    const kubeconfig = ['--kubeconfig', fx.cluster.kubeconfigPath];
    const listed = await invoke(['get', 'ks', '-A', '--status-selector', 'ready=false', '-o', 'json', ...kubeconfig]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'apps',
    ]);
    const table = await invoke(['get', 'kustomization', '-n', 'wired', '--no-header', ...kubeconfig]);
    expect(table.stdout).toMatch(/^apps\s+False\s+False/);
    const exported = await invoke(['export', 'ks', 'apps', '-n', 'wired', ...kubeconfig]);
    expect(exported.stdout).toContain('name: apps');
    const tree = await invoke(['tree', 'ks', 'apps', '-n', 'wired', ...kubeconfig]);
    expect(tree.stdout).toBe('Kustomization/wired/apps\n');
  });
});
