import type { CheckReporter } from './check-reporter.js';
import { findExecutable, runTool, toolsBinDir } from './tool-lookup.js';

interface ToolCheck {
  name: string;
  args: readonly string[];
  /** The version to print, from the program's output; throws when the program is not usable. */
  version(stdout: string): string;
}

const tools: readonly ToolCheck[] = [
  { name: 'helm', args: ['version', '--short'], version: (out) => out.trim().split('+')[0] ?? out.trim() },
  { name: 'kubectl', args: ['version', '--client', '-o', 'json'], version: kubectlVersion },
  { name: 'git', args: ['--version'], version: (out) => firstMatch(out, /git version (\S+)/) },
  { name: 'nats-server', args: ['--version'], version: (out) => firstMatch(out, /(v?\d+\.\d+\.\d+\S*)/) },
];

/** helm, kubectl (with kustomize), git and nats-server: found, runnable, and which versions. */
export async function checkPrerequisites(report: CheckReporter, env: NodeJS.ProcessEnv): Promise<void> {
  report.section('checking prerequisites');
  const outcomes = await Promise.all(tools.map((tool) => checkTool(tool, env)));
  for (const outcome of outcomes) report.result(outcome.ok, outcome.text);
}

async function checkTool(tool: ToolCheck, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; text: string }> {
  const path = findExecutable(tool.name, env);
  if (!path) {
    const tools = toolsBinDir();
    return { ok: false, text: `${tool.name} not found on $PATH${tools ? ` or in ${tools}` : ''} (run npm run setup)` };
  }
  try {
    const version = tool.version(await runTool(path, tool.args, env));
    return { ok: true, text: `${tool.name} ${version} (${path})` };
  } catch (error) {
    return { ok: false, text: `${tool.name} at ${path} does not work: ${firstLine(error)}` };
  }
}

function kubectlVersion(stdout: string): string {
  const parsed = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string }; kustomizeVersion?: string };
  const version = parsed.clientVersion?.gitVersion ?? 'unknown version';
  if (!parsed.kustomizeVersion) throw new Error(`kubectl ${version} has no built-in kustomize`);
  return `${version} with kustomize ${parsed.kustomizeVersion}`;
}

function firstMatch(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`unexpected version output: ${text.trim().slice(0, 80)}`);
  return match[1];
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
