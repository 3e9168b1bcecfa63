import type { Allocators } from './defaults.js';
import type { ResourceRegistry } from './registry.js';
import type { ObjectStore } from './store.js';
import type { ResourceType } from './types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What every verb works with. */
export interface ClusterContext {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly allocators: Allocators;
  now(): Date;
}

/** The object or collection a request is about. */
export interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
}

export const defaultWriteOptions = (): WriteOptions => ({
  dryRun: false,
  fieldManager: 'unknown',
  fieldValidation: 'Strict',
});

export interface WriteResult {
  object: import('./types.js').KubeObject;
  created: boolean;
  warnings: string[];
}

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
export const timestamp = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;
