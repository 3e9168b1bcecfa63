import type { KubeClient } from '@driftless/runtime';
import { NotFoundError } from '@driftless/runtime';
import { cliKinds } from '../../context/flux-kinds.js';
import { resourceTypeOf } from '../../context/resource-types.js';
import type { FluxObject, Target } from './object-state.js';

interface SourceRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** What `--with-source` reconciles first, in order, and the refs it cannot (kinds Driftless does not serve). */
export interface SourcePlan {
  targets: Target[];
  skipped: string[];
}

/**
 * The sources of a Kustomization or HelmRelease: its sourceRef; for a HelmRelease built from a
 * chart template, the chart's repository and then the HelmChart the helm-controller made from it.
 */
export async function planSources(client: KubeClient, target: Target, object: FluxObject): Promise<SourcePlan> {
  const plan: SourcePlan = { targets: [], skipped: [] };
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  if (target.kind.kind === 'Kustomization') {
    addRef(plan, spec.sourceRef as SourceRef | undefined, target.namespace);
  } else if (target.kind.kind === 'HelmRelease') {
    await planHelmRelease(client, plan, target, object);
  }
  return plan;
}

async function planHelmRelease(client: KubeClient, plan: SourcePlan, target: Target, object: FluxObject) {
  const spec = (object.spec ?? {}) as {
    chartRef?: SourceRef;
    chart?: { spec?: { sourceRef?: SourceRef } };
  };
  if (spec.chartRef) {
    if (spec.chartRef.kind === 'HelmChart') {
      await addChartWithSource(client, plan, {
        ...spec.chartRef,
        namespace: spec.chartRef.namespace ?? target.namespace,
      });
    } else {
      addRef(plan, spec.chartRef, target.namespace);
    }
    return;
  }
  const sourceRef = spec.chart?.spec?.sourceRef;
  if (!sourceRef) return;
  addRef(plan, sourceRef, target.namespace);
  const chart = helmChartOf(object, sourceRef.namespace ?? target.namespace);
  const chartTarget = toTarget({ kind: 'HelmChart', ...chart }, chart.namespace);
  if (chartTarget && (await exists(client, chartTarget))) plan.targets.push(chartTarget);
}

async function addChartWithSource(client: KubeClient, plan: SourcePlan, ref: SourceRef & { namespace: string }) {
  const chartTarget = toTarget(ref, ref.namespace);
  if (!chartTarget) return;
  try {
    const chart = await client.get<FluxObject>(resourceTypeOf(chartTarget.kind.info), ref.namespace, ref.name);
    addRef(plan, (chart.spec as { sourceRef?: SourceRef } | undefined)?.sourceRef, ref.namespace);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  plan.targets.push(chartTarget);
}

/** The HelmChart a HelmRelease uses: as its status says, else the helm-controller's `<namespace>-<name>`. */
function helmChartOf(object: FluxObject, chartNamespace: string): { namespace: string; name: string } {
  const recorded = (object.status as { helmChart?: string } | undefined)?.helmChart;
  const slash = recorded?.indexOf('/') ?? -1;
  if (recorded && slash > 0) return { namespace: recorded.slice(0, slash), name: recorded.slice(slash + 1) };
  return { namespace: chartNamespace, name: `${object.metadata.namespace}-${object.metadata.name}` };
}

function addRef(plan: SourcePlan, ref: SourceRef | undefined, defaultNamespace: string): void {
  if (!ref) return;
  const target = toTarget(ref, ref.namespace ?? defaultNamespace);
  if (target) plan.targets.push(target);
  else plan.skipped.push(`${ref.kind} ${ref.name}`);
}

function toTarget(ref: SourceRef, namespace: string): Target | undefined {
  const kind = cliKinds.find((entry) => entry.kind === ref.kind);
  return kind ? { kind, namespace, name: ref.name } : undefined;
}

async function exists(client: KubeClient, target: Target): Promise<boolean> {
  try {
    await client.get(resourceTypeOf(target.kind.info), target.namespace, target.name);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
