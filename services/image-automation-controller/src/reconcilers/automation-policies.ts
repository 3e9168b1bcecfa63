import { ConditionType } from '@driftless/api';
import { getCondition, matchesLabelSelector } from '@driftless/runtime';
import type { PolicyImage, PolicyName, PolicyResolver } from '../setters/setter-types.js';
import type { ImagePolicyObject, ImageUpdateAutomationObject } from './image-objects.js';

/** The ImagePolicies an automation writes: its namespace's, chosen by policySelector, with a latest image. */
export interface AutomationPolicies {
  /** `name` → the image it selected (Flux's status.observedPolicies). */
  selected: Map<string, PolicyImage>;
  /** Every policy name in the namespace, selected or not: a marker naming another one is a mistake. */
  existing: Set<string>;
  resolve: PolicyResolver;
}

export function automationPolicies(
  automation: ImageUpdateAutomationObject,
  policiesInNamespace: readonly ImagePolicyObject[],
): AutomationPolicies {
  const namespace = automation.metadata.namespace;
  const selected = new Map<string, PolicyImage>();
  const existing = new Set<string>();
  for (const policy of policiesInNamespace) {
    existing.add(policy.metadata.name);
    if (!matchesLabelSelector(automation.spec.policySelector, policy.metadata.labels)) continue;
    const latest = policy.status?.latestRef;
    if (!latest || getCondition(policy, ConditionType.Ready)?.status !== 'True') continue;
    selected.set(policy.metadata.name, { name: latest.name, tag: latest.tag, digest: latest.digest });
  }
  const resolve = (policy: PolicyName) => (policy.namespace === namespace ? selected.get(policy.name) : undefined);
  return { selected, existing, resolve };
}

/** Markers in the automation's namespace naming a policy that does not exist there (others belong to other automations). */
export function missingPolicies(
  automation: ImageUpdateAutomationObject,
  policies: AutomationPolicies,
  unresolved: ReadonlyArray<{ file: string; line: number; policy: PolicyName }>,
): string[] {
  return unresolved
    .filter(({ policy }) => policy.namespace === automation.metadata.namespace && !policies.existing.has(policy.name))
    .map(
      ({ file, line, policy }) =>
        `${file}:${line} names ImagePolicy '${policy.namespace}/${policy.name}', which does not exist`,
    );
}
