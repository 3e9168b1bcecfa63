import type { KubeClient } from '@driftless/runtime';
import {
  type ApplyOptions,
  applyAllObjects,
  applyAllStagedObjects,
  applyObject,
  defaultApplyOptions,
} from './apply.js';
import type { ChangeSet, ChangeSetEntry } from './change-set.js';
import { type DeleteOptions, defaultDeleteOptions, deleteAllObjects, deleteObject } from './delete.js';
import { type DiffResult, diffObject } from './diff.js';
import { type ObjectTarget, readLive, resolveTarget } from './live-object.js';
import type { Unstructured } from './objects.js';
import { createRestMapper, type RestMapper } from './rest-mapper.js';

/** The field manager of every write, Flux's, so ownership carries over from a Flux-managed cluster. */
export const DefaultFieldManager = 'kustomize-controller';

export interface ResourceManagerOptions {
  fieldManager: string;
  /** How many objects are dry-run, applied or deleted at once. */
  concurrency: number;
}

export function defaultResourceManagerOptions(): ResourceManagerOptions {
  return { fieldManager: DefaultFieldManager, concurrency: 8 };
}

export interface ResourceManagerDeps {
  client: KubeClient;
  /** Shared between managers of one client; one is made from discovery when not given. */
  mapper?: RestMapper;
}

/** What the verb files need: the client, the mapper and the options. */
export interface ManagerContext {
  readonly client: KubeClient;
  readonly mapper: RestMapper;
  readonly options: ResourceManagerOptions;
}

/**
 * The apply engine (fluxcd/pkg `ssa.ResourceManager`): server-side apply with drift detection,
 * staged apply, diff and delete, each returning change set entries. One file per verb.
 */
export class ResourceManager implements ManagerContext {
  readonly client: KubeClient;
  readonly mapper: RestMapper;
  readonly options: ResourceManagerOptions;

  constructor(deps: ResourceManagerDeps, options: Partial<ResourceManagerOptions> = {}) {
    this.client = deps.client;
    this.mapper = deps.mapper ?? createRestMapper(deps.client);
    this.options = { ...defaultResourceManagerOptions(), ...options };
  }

  diff(object: Unstructured): Promise<DiffResult> {
    return diffObject(this, object);
  }

  apply(object: Unstructured, options: ApplyOptions = defaultApplyOptions()): Promise<ChangeSetEntry> {
    return applyObject(this, object, options);
  }

  applyAll(objects: readonly Unstructured[], options: ApplyOptions = defaultApplyOptions()): Promise<ChangeSet> {
    return applyAllObjects(this, objects, options);
  }

  applyAllStaged(objects: readonly Unstructured[], options: ApplyOptions = defaultApplyOptions()): Promise<ChangeSet> {
    return applyAllStagedObjects(this, objects, options);
  }

  delete(target: ObjectTarget, options: DeleteOptions = defaultDeleteOptions()): Promise<ChangeSetEntry> {
    return deleteObject(this, target, options);
  }

  deleteAll(targets: readonly ObjectTarget[], options: DeleteOptions = defaultDeleteOptions()): Promise<ChangeSet> {
    return deleteAllObjects(this, targets, options);
  }

  /** The live object, or undefined when it does not exist. */
  async get(target: ObjectTarget): Promise<Unstructured | undefined> {
    return readLive(this, await resolveTarget(this, target));
  }
}
