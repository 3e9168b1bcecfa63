import type { FieldsV1, KubeObject } from '../types.js';
import { compareObjects } from './compare.js';
import { difference } from './field-set.js';
import { goJson, isObject } from './json.js';
import type { Shape } from './schema-shape.js';
import { valueFieldSet } from './to-field-set.js';

/**
 * kubectl's upgrade from client-side to server-side apply (apiserver's lastAppliedManager and
 * lastAppliedUpdater): only for the `kubectl` manager, and only while the object carries the
 * client-side annotation.
 */

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
export const lastAppliedManager = 'kubectl';

const annotationsSizeLimit = 256 * 1024;

/** Fields the annotation says kubectl set and the live object still holds: kubectl may take them over. */
export function allowedByLastApplied(live: KubeObject, shape: Shape): FieldsV1 | undefined {
  const text = live.metadata.annotations?.[lastAppliedAnnotation];
  if (typeof text !== 'string' || !text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied)) return undefined;
  const diff = compareObjects(lastApplied, live, shape);
  let allowed = valueFieldSet(lastApplied, shape);
  for (const changed of [diff.modified, diff.added, diff.removed]) allowed = difference(allowed, changed);
  return allowed;
}

/** Rewrites the annotation (in place) from the configuration kubectl just applied. */
export function syncLastApplied(object: KubeObject, config: KubeObject): void {
  const annotations = object.metadata.annotations;
  if (!annotations || typeof annotations[lastAppliedAnnotation] !== 'string' || !annotations[lastAppliedAnnotation]) {
    return;
  }
  const configAnnotations = config.metadata?.annotations;
  const recorded = configAnnotations
    ? { ...config, metadata: { ...config.metadata, annotations: withoutLastApplied(configAnnotations) } }
    : config;
  annotations[lastAppliedAnnotation] = `${goJson(recorded)}\n`;
  if (annotationsSize(annotations) > annotationsSizeLimit) delete annotations[lastAppliedAnnotation];
}

function withoutLastApplied(annotations: Record<string, string>): Record<string, string> {
  const { [lastAppliedAnnotation]: _dropped, ...rest } = annotations;
  return rest;
}

function annotationsSize(annotations: Record<string, string>): number {
  let size = 0;
  for (const [key, value] of Object.entries(annotations))
    size += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  return size;
}
