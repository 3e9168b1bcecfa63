/** The image an ImagePolicy selected, as the markers write it. */
export interface PolicyImage {
  /** Image name without tag, e.g. `ghcr.io/org/app`. */
  name: string;
  tag: string;
  /** `sha256:<hex>`, when the policy reflects digests. */
  digest?: string;
}

/** An ImagePolicy named by a marker: `# {"$imagepolicy": "<namespace>:<name>[:tag|:name|:digest]"}`. */
export interface PolicyName {
  namespace: string;
  name: string;
}

/** The Kubernetes object (YAML document) a change was made in, as Flux's ObjectIdentifier. */
export interface ObjectIdentifier {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

/** One rewritten value, as Flux's update.Change. */
export interface SetterChange {
  oldValue: string;
  newValue: string;
  /** The marker's setter, e.g. `apps:podinfo:tag`. */
  setter: string;
}

export interface ObjectChanges {
  object: ObjectIdentifier;
  changes: SetterChange[];
}

/** The changes made in one file (path relative to the repository root, with `/`). */
export interface FileChanges {
  file: string;
  objects: ObjectChanges[];
}

/** A marker whose policy `resolve` did not know. */
export interface UnresolvedMarker {
  file: string;
  /** 1-based line of the marker. */
  line: number;
  policy: PolicyName;
}

/** A file holding a marker that was left untouched because it is not valid YAML (or not UTF-8). */
export interface SkippedFile {
  file: string;
  error: string;
}

/** What a Setters run changed, in file order; files without changes are absent. */
export interface SettersResult {
  files: FileChanges[];
  unresolved: UnresolvedMarker[];
  /** Files with markers that could not be parsed, in file order. */
  skipped?: SkippedFile[];
}

/** The selected image of a policy, or undefined when the automation does not know that policy. */
export type PolicyResolver = (policy: PolicyName) => PolicyImage | undefined;
