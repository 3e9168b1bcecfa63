import { builtinResources } from '../schema.js';
import type { ResourceType } from '../types.js';

const definitionPrefix = '#/definitions/';

/** `api/v1`, `apis/apps/v1`: the group-version part of API and OpenAPI v3 paths. */
export const groupVersionPath = (group: string, version: string): string =>
  group ? `apis/${group}/${version}` : `api/${version}`;

/** `util.ToRESTFriendlyName`: `example.com/v1/Widget` becomes `com.example.v1.Widget`. */
export function restFriendlyName(group: string, version: string, kind: string): string {
  const reversedGroup = group.includes('.') ? group.split('.').reverse().join('.') : group;
  return [reversedGroup, version, kind].filter(Boolean).join('.');
}

/** The definition name of a resource's kind and of its list kind. */
export function definitionNames(type: ResourceType): { object: string; list: string } {
  if (!type.builtin) {
    return {
      object: restFriendlyName(type.group, type.version, type.kind),
      list: restFriendlyName(type.group, type.version, type.listKind),
    };
  }
  const ref = type.schema.$ref ?? '';
  const object = ref.startsWith(definitionPrefix) ? ref.slice(definitionPrefix.length) : ref;
  const listed = builtinResources.find(
    (r) => r.group === type.group && r.version === type.version && r.plural === type.plural,
  )?.listDefinition;
  return { object, list: listed ?? `${object}List` };
}

/** `kube-openapi`'s `ToValidOperationID`: keeps letters, `_` and inner digits, capitalising after the rest. */
export function validOperationId(text: string, capitalizeFirst: boolean): string {
  let out = '';
  let capitalize = capitalizeFirst;
  [...text].forEach((char, i) => {
    if (/\p{L}/u.test(char) || char === '_' || (i !== 0 && /\p{Nd}/u.test(char))) {
      out += capitalize ? char.toUpperCase() : char;
      capitalize = false;
    } else {
      capitalize = true;
    }
  });
  return out;
}

/** The operation-id infix (`AppsV1`, `CoreV1`) and tag (`apps_v1`) of a group version. */
export function operationNaming(group: string, version: string): { infix: string; tag: string } {
  const name = (group || 'core').replace(/\.k8s\.io$/, '');
  return {
    infix: validOperationId(name, true) + validOperationId(version, true),
    tag: `${validOperationId(name, false)}_${validOperationId(version, false)}`,
  };
}
