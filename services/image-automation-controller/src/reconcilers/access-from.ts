import { type KubeClient, type KubeObject, matchesLabelSelector, NotFoundError } from '@driftless/runtime';
import { namespaceType } from './image-objects.js';

type AccessFrom = { namespaceSelectors: Array<{ matchLabels?: Record<string, string> }> };

/** Flux's ACL: an object in another namespace is readable only when its accessFrom selects the reader's namespace. */
export async function accessDenied(
  client: KubeClient,
  reader: { namespace: string },
  target: { kind: string; namespace: string; name: string; accessFrom?: AccessFrom },
): Promise<string | undefined> {
  if (reader.namespace === target.namespace) return undefined;
  const subject = `'${target.kind}/${target.namespace}/${target.name}'`;
  if (!target.accessFrom) return `${subject} can't be accessed due to missing ACL labels on 'accessFrom'`;
  let labels: Record<string, string> = {};
  try {
    labels = (await client.get<KubeObject>(namespaceType, undefined, reader.namespace)).metadata.labels ?? {};
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const allowed = target.accessFrom.namespaceSelectors.some((selector) => matchesLabelSelector(selector, labels));
  return allowed ? undefined : `${subject} can't be accessed due to labels mismatch on namespace '${reader.namespace}'`;
}
