import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient, KubeObject, ResourceType } from '@driftless/runtime';
import { controllerNames } from '../../context/flux-kinds.js';
import { healthUrlVariable } from '../../context/state-dir.js';
import type { CheckReporter } from './check-reporter.js';

export interface ControllerCheckOptions {
  /** Where health URLs are looked up: the environment over what `driftless dev` wrote in its state dir. */
  env: Record<string, string | undefined>;
  /** For the leader-election leases of controllers without a known health URL; absent when unreachable. */
  client: KubeClient | undefined;
  deadline: number;
  signal?: AbortSignal;
}

type Outcome = { found: false; text: string } | { found: true; ok: boolean; text: string };

const leaseType: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
};
const pollMs = 250;

/** `source-controller` → `DRIFTLESS_SOURCE_CONTROLLER_HEALTH_URL`, as `driftless dev` writes it. */
/**
 * Each controller's own readiness: its /readyz when a health URL is known, else a fresh
 * leader-election Lease. A controller with neither is taken as not deployed here; none at all fails.
 */
export async function checkControllers(report: CheckReporter, options: ControllerCheckOptions): Promise<void> {
  report.section('checking controllers');
  const leases = await listLeases(options.client);
  const outcomes = await Promise.all(controllerNames.map((name) => checkController(name, options, leases)));
  let found = 0;
  for (const outcome of outcomes) {
    if (!outcome.found) {
      report.note(outcome.text);
      continue;
    }
    found += 1;
    report.result(outcome.ok, outcome.text);
  }
  if (found === 0) {
    const example = healthUrlVariable(controllerNames[0] ?? 'source-controller');
    report.result(false, `no controller found (no health URL such as ${example}, no leader-election lease)`);
  }
}

async function checkController(name: string, options: ControllerCheckOptions, leases: KubeObject[]): Promise<Outcome> {
  const url = options.env[healthUrlVariable(name)];
  if (url) return { found: true, ...(await pollReadyz(name, url.replace(/\/+$/, ''), options)) };
  const lease = leases.find((item) => item.metadata.name === `${name}-leader-election`);
  if (lease) return { found: true, ...leaseOutcome(name, lease) };
  return { found: false, text: `${name}: not found (no ${healthUrlVariable(name)}, no lease)` };
}

async function pollReadyz(name: string, url: string, options: ControllerCheckOptions) {
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      return { ok: false, text: `${name} does not answer at ${url} (${cause})` };
    }
    const body = (await response.json().catch(() => ({}))) as { failing?: string[] };
    if (response.ok) return { ok: true, text: `${name} ready (${url})` };
    if (Date.now() >= options.deadline) {
      const failing = body.failing?.length ? `failing: ${body.failing.join(', ')}` : `HTTP ${response.status}`;
      return { ok: false, text: `${name} not ready at ${url} (${failing})` };
    }
    await sleep(pollMs, undefined, { signal: options.signal });
  }
}

function leaseOutcome(name: string, lease: KubeObject): { ok: boolean; text: string } {
  const spec = (lease.spec ?? {}) as { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number };
  const where = `${lease.metadata.namespace}/${lease.metadata.name}`;
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : Number.NaN;
  const fresh = renewed + (spec.leaseDurationSeconds ?? 15) * 1000 > Date.now();
  if (spec.holderIdentity && fresh)
    return { ok: true, text: `${name} leading (${spec.holderIdentity}, lease ${where})` };
  return { ok: false, text: `${name} lease ${where} is not renewed (last ${spec.renewTime ?? 'never'})` };
}

async function listLeases(client: KubeClient | undefined): Promise<KubeObject[]> {
  if (!client) return [];
  try {
    return (await client.list(leaseType)).items;
  } catch {
    return [];
  }
}
