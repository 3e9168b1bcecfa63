import { simulateWorkload } from '../simulator/simulate-workload.js';
import { deepEqual } from '../simulator/values.js';
import type { KubeObject } from '../types.js';

/** A minimal stand-in for the server's store: applies plans the way the wiring does. */
export class TestCluster {
  children: KubeObject[] = [];
  private uids = 0;

  constructor(public workload: KubeObject) {}

  /** Simulates, writes the plan, and returns it. */
  step(now: Date) {
    const plan = simulateWorkload(this.workload, this.children, now);
    if (!plan) return plan;
    if (plan.status) this.workload = { ...this.workload, status: plan.status };
    for (const child of plan.upsertChildren) this.write(child, now);
    const gone = new Set(plan.deleteChildren.map((c) => c.name));
    this.children = this.children.filter((c) => !gone.has(c.metadata.name ?? ''));
    return plan;
  }

  /** Replaces the workload's spec or metadata the way a client update does. */
  update(change: (obj: KubeObject) => KubeObject): void {
    const next = change(structuredClone(this.workload));
    const specChanged = !deepEqual(next.spec, this.workload.spec);
    next.metadata.generation = (this.workload.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    this.workload = next;
  }

  child(name: string): KubeObject | undefined {
    return this.children.find((c) => c.metadata.name === name);
  }

  private write(child: KubeObject, now: Date): void {
    const stored = this.child(child.metadata.name ?? '');
    const generation = !stored ? 1 : (stored.metadata.generation ?? 1) + (deepEqual(stored.spec, child.spec) ? 0 : 1);
    const next: KubeObject = structuredClone(child);
    next.metadata = {
      ...next.metadata,
      uid: stored?.metadata.uid ?? `uid-${++this.uids}`,
      generation,
      creationTimestamp: stored?.metadata.creationTimestamp ?? now.toISOString(),
    };
    // The server simulates a written ReplicaSet as well.
    const own = simulateWorkload(next, [], now);
    if (own?.status) next.status = own.status;
    this.children = [...this.children.filter((c) => c !== stored), next];
  }
}
