import { parseLenientVersion } from '@driftless/oci';
import { ChartMetadataPatchError } from './helm-errors.js';

export const ReconcileStrategy = { ChartVersion: 'ChartVersion', Revision: 'Revision' } as const;
export type ReconcileStrategy = (typeof ReconcileStrategy)[keyof typeof ReconcileStrategy];

export interface VersionMetadataInput {
  /** `.spec.sourceRef.kind`: `HelmRepository`, `GitRepository` or `Bucket`. */
  sourceKind: string;
  /** `.spec.reconcileStrategy` (default `ChartVersion`). */
  reconcileStrategy: ReconcileStrategy | undefined;
  /** The source artifact revision (`main@sha1:<hex>`, `sha256:<hex>`); only read for `Revision`. */
  sourceRevision: string | undefined;
  valuesFiles: readonly string[];
  /** `metadata.generation` of the HelmChart. */
  generation: number;
}

/**
 * The SemVer build metadata Flux puts on the chart version (helmchart_controller.go): for Git/Bucket sources with
 * the `Revision` strategy the first 12 hex characters of the source revision's hash; with values files the
 * object generation, after a `.` when there is a revision part. `undefined` when the version stays as it is.
 */
export function versionMetadataFor(input: VersionMetadataInput): string | undefined {
  let metadata = '';
  const fromSource = input.sourceKind === 'GitRepository' || input.sourceKind === 'Bucket';
  if (fromSource && input.reconcileStrategy === ReconcileStrategy.Revision && input.sourceRevision) {
    metadata = revisionHash(input.sourceRevision).slice(0, 12);
  }
  if (input.valuesFiles.length > 0) {
    metadata += `${metadata === '' ? '' : '.'}${input.generation}`;
  }
  return metadata === '' ? undefined : metadata;
}

/** The hash of `<ref>@<algo>:<hex>`, `<algo>:<hex>`, legacy `<ref>/<hex>`, or a bare hex. */
export function revisionHash(revision: string): string {
  const afterRef = revision.slice(revision.lastIndexOf('@') + 1);
  const colon = afterRef.indexOf(':');
  if (colon >= 0) return afterRef.slice(colon + 1);
  return afterRef.slice(afterRef.lastIndexOf('/') + 1);
}

const validMetadata = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

/** Masterminds `SetMetadata` + `String()`: the normalised version with `+<metadata>` replacing any metadata. */
export function withVersionMetadata(version: string, metadata: string | undefined): string {
  if (metadata === undefined || metadata === '') return version;
  const parsed = parseLenientVersion(version);
  if (!parsed) throw new ChartMetadataPatchError(`failed to parse version '${version}' from chart metadata as SemVer`);
  if (!validMetadata.test(metadata)) {
    throw new ChartMetadataPatchError(`failed to set SemVer metadata on chart version: invalid metadata '${metadata}'`);
  }
  const pre = parsed.prerelease.length > 0 ? `-${parsed.prerelease.join('.')}` : '';
  return `${parsed.major}.${parsed.minor}.${parsed.patch}${pre}+${metadata}`;
}
