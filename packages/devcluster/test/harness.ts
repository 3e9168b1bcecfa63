import { afterAll, beforeAll } from 'vitest';
import { type DevCluster, type DevClusterOptions, startDevCluster } from '../src/index.js';
import { type RunResult, runTool, scratchDir } from './tools.js';

type Tool = 'kubectl' | 'helm';

export interface ToolCluster {
  /** The running cluster; read it inside tests and hooks, not at import time. */
  readonly cluster: DevCluster;
  /** The scratch HOME the tools run with. */
  readonly home: string;
  /** Runs a tool against the cluster and answers with how it exited. */
  run(tool: Tool, args: string[], options?: { input?: string; extraEnv?: Record<string, string> }): Promise<RunResult>;
  /** Runs a tool against the cluster and answers with its stdout; throws when it fails. */
  ok(tool: Tool, args: string[], input?: string): Promise<string>;
}

/**
 * Starts a dev cluster and a scratch HOME for the tool tests of one file: started in `beforeAll`, stopped and
 * removed in `afterAll`.
 */
export function useToolCluster(options: Partial<DevClusterOptions> = {}): ToolCluster {
  let cluster: DevCluster | undefined;
  let home: ReturnType<typeof scratchDir> | undefined;

  beforeAll(async () => {
    home = scratchDir();
    cluster = await startDevCluster(options);
  });

  afterAll(async () => {
    await cluster?.stop();
    home?.cleanup();
  });

  const started = () => {
    if (!cluster || !home) throw new Error('the tool cluster starts in beforeAll');
    return { cluster, home: home.path };
  };

  const run: ToolCluster['run'] = (tool, args, extra = {}) =>
    runTool(tool, args, { kubeconfig: started().cluster.kubeconfigPath, home: started().home, ...extra });

  return {
    get cluster() {
      return started().cluster;
    },
    get home() {
      return started().home;
    },
    run,
    async ok(tool, args, input) {
      const result = await run(tool, args, { input });
      if (result.code !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
      return result.stdout;
    },
  };
}
