import type { KubeObject } from '../types.js';

export interface ChildRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** What the server should write so the workload looks like a real cluster runs it. */
export interface WorkloadPlan {
  /** The workload's whole new status; absent when the simulator has nothing to say. */
  status?: Record<string, unknown>;
  /** Children to create or replace; only ones that differ from what the server holds. */
  upsertChildren: KubeObject[];
  deleteChildren: ChildRef[];
}

export const childRef = (obj: KubeObject): ChildRef => ({
  apiVersion: obj.apiVersion,
  kind: obj.kind,
  namespace: obj.metadata.namespace ?? '',
  name: obj.metadata.name ?? '',
});

export const controllerReference = (owner: KubeObject) => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name ?? '',
  uid: owner.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});
