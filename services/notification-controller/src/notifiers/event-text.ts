import type { FluxEvent } from '@driftless/api';

/** `kustomization/podinfo.apps`: how Flux names the object an event is about. */
export function objectTitle(event: FluxEvent): string {
  const { kind, name, namespace } = event.involvedObject;
  return `${kind.toLowerCase()}/${name}.${namespace}`;
}

/** The artifact revision the event is about (`<group>/revision` metadata), if any. */
export function eventRevision(event: FluxEvent): string | undefined {
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (key === 'revision' || key.endsWith('/revision')) return value;
  }
  return undefined;
}

/** The Alert's summary (added to the metadata as `summary`), if any. */
export function eventSummary(event: FluxEvent): string | undefined {
  return event.metadata?.summary;
}

/** Metadata with the group prefix dropped from keys (`kustomize.toolkit.fluxcd.io/revision` → `revision`). */
export function shortMetadata(event: FluxEvent): Record<string, string> {
  const short: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    short[key.includes('/') ? key.slice(key.lastIndexOf('/') + 1) : key] = value;
  }
  return short;
}
