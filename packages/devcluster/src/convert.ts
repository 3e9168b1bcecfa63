import { apiVersionOf, type KubeObject, type ResourceType } from './types.js';

/**
 * Versions of a custom resource differ only in apiVersion (the `None` conversion strategy,
 * Kubernetes' default for CRDs); built-ins are served in one version each.
 */
export function toServedVersion(object: KubeObject, type: ResourceType): KubeObject {
  const apiVersion = apiVersionOf(type.group, type.version);
  return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
}

export function toStorageVersion(object: KubeObject, type: ResourceType): KubeObject {
  const apiVersion = apiVersionOf(type.group, type.storageVersion);
  return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
}

export const clone = <T>(value: T): T => structuredClone(value);
