import { type KindInfo, listKinds } from '@driftless/api';
import { type KubeClient, NotFoundError } from '@driftless/runtime';
import type { CheckReporter } from './check-reporter.js';

interface CrdObject {
  spec?: { versions?: Array<{ name: string; served?: boolean }> };
  status?: { conditions?: Array<{ type: string; status: string; message?: string }> };
}

/** The API server answers GET /version; false when it cannot be reached (the CRD checks are then skipped). */
export async function checkKubernetes(report: CheckReporter, client: KubeClient): Promise<boolean> {
  report.section('checking the cluster');
  const server = client.server.origin;
  try {
    const version = await client.request<{ gitVersion?: string }>({
      method: 'GET',
      path: '/version',
      subject: 'Kubernetes API',
      verb: 'get version',
    });
    report.result(true, `Kubernetes ${version?.gitVersion ?? '(unknown version)'} at ${server}`);
    return true;
  } catch (error) {
    report.result(false, `Kubernetes at ${server} cannot be reached: ${(error as Error).message}`);
    return false;
  }
}

/** A CRD for every kind, serving the version Driftless stores, and Established. */
export async function checkCrds(report: CheckReporter, client: KubeClient): Promise<void> {
  report.section('checking CRDs');
  const outcomes = await Promise.all(listKinds().map((kind) => checkCrd(client, kind)));
  for (const outcome of outcomes) report.result(outcome.ok, outcome.text);
}

async function checkCrd(client: KubeClient, kind: KindInfo): Promise<{ ok: boolean; text: string }> {
  const name = `${kind.plural}.${kind.group}`;
  let crd: CrdObject;
  try {
    crd = await client.request<CrdObject>({
      method: 'GET',
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      subject: `CustomResourceDefinition/${name}`,
      verb: 'get',
    });
  } catch (error) {
    if (error instanceof NotFoundError) return { ok: false, text: `${name} is not installed` };
    return { ok: false, text: `${name}: ${(error as Error).message}` };
  }
  const served = crd.spec?.versions?.some((version) => version.name === kind.storageVersion && version.served);
  if (!served) return { ok: false, text: `${name} does not serve ${kind.storageVersion}` };
  const established = crd.status?.conditions?.find((condition) => condition.type === 'Established');
  if (established && established.status !== 'True') {
    return { ok: false, text: `${name} is not established: ${established.message ?? established.status}` };
  }
  return { ok: true, text: `${name} (${kind.storageVersion})` };
}
