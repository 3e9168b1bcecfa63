import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/reconcile/check-command.js';
import { captureIo, type Stack, startStack } from './stack.js';

describe('driftless check', () => {
  let stack: Stack;
  const flags = <T extends object>(extra: T = {} as T) => ({ timeout: '1s', stateDir: stack.stateDir, ...extra });

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('passes with the cluster, NATS and the controllers up', async () => {
    const { io, out } = captureIo();

    const code = await runCheck(flags(), io);

    expect(out()).toMatch(/^✔ helm v3\.\S+ \(/m);
    expect(out()).toMatch(/^✔ kubectl v1\.\S+ with kustomize v5\.\S+ \(/m);
    expect(out()).toMatch(/^✔ git \d/m);
    expect(out()).toMatch(/^✔ nats-server v2\./m);
    expect(out()).toContain(`✔ Kubernetes v1.32.0-driftless at ${stack.cluster.url}`);
    expect(out()).toContain('✔ kustomizations.kustomize.toolkit.fluxcd.io (v1)\n');
    expect(out()).toContain(`✔ KV bucket ${stack.prefix}-status\n`);
    expect(out()).toContain(`✔ stream ${stack.prefix}-events\n`);
    expect(out()).toMatch(/^✔ source-controller ready \(http:\/\/127\.0\.0\.1:\d+\)$/m);
    expect(out()).toMatch(/^✔ kustomize-controller ready /m);
    expect(out()).not.toContain('✗');
    expect(out()).toMatch(/✔ all checks passed\n$/);
    expect(code).toBe(0);
  });

  it('checks only the prerequisites with --pre', async () => {
    const { io, out } = captureIo();

    const code = await runCheck(flags({ pre: true, stateDir: '/nonexistent' }), io);

    expect(out()).toContain('► checking prerequisites\n');
    expect(out()).not.toContain('Kubernetes');
    expect(code).toBe(0);
  });

  it('fails when NATS is down', async () => {
    await stack.nats.kill();
    const { io, out } = captureIo();

    const code = await runCheck(flags(), io);

    expect(out()).toMatch(new RegExp(`^✗ NATS cannot be reached: .*${stack.nats.url}`, 'm'));
    expect(out()).toMatch(/^✗ source-controller not ready at \S+ \(failing: nats\)$/m);
    expect(out()).toMatch(/✗ \d+ checks failed\n$/);
    expect(code).toBe(1);
  });
});
