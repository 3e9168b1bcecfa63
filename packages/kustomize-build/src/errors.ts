/** A path (spec.path, a spec.components entry or a reference in a kustomization file) leaves the artifact. */
export class PathEscapeError extends Error {
  /** The offending path as written. */
  readonly path: string;
  /** The kustomization file holding the reference, relative to the artifact root; undefined for spec fields. */
  readonly file: string | undefined;
  constructor(path: string, options: { file?: string; field?: string } = {}) {
    const where = options.file
      ? `${options.file}: ${options.field ?? 'reference'} entry `
      : options.field
        ? `${options.field} entry `
        : '';
    super(`${where}path ${JSON.stringify(path)} is outside the artifact`);
    this.name = 'PathEscapeError';
    this.path = path;
    this.file = options.file;
  }
}

/** spec.path does not exist in the artifact, or is not a directory. */
export class PathNotFoundError extends Error {
  readonly path: string;
  constructor(path: string, detail = 'does not exist in the artifact') {
    super(`path ${JSON.stringify(path)} ${detail}`);
    this.name = 'PathNotFoundError';
    this.path = path;
  }
}

/** A kustomization file refers to a remote base or resource; builds run without network. */
export class RemoteReferenceError extends Error {
  readonly reference: string;
  readonly file: string;
  constructor(reference: string, file: string, field: string) {
    super(
      `${file}: ${field} entry ${JSON.stringify(reference)} is a remote reference; ` +
        'remote bases and resources are not supported, vendor them into the source',
    );
    this.name = 'RemoteReferenceError';
    this.reference = reference;
    this.file = file;
  }
}

/** A manifest file met while generating a kustomization is not Kubernetes YAML (invalid, or no apiVersion/kind). */
export class ManifestDecodeError extends Error {
  readonly file: string;
  constructor(file: string, detail: string, options?: ErrorOptions) {
    super(`failed to decode Kubernetes YAML from ${file}: ${detail}`, options);
    this.name = 'ManifestDecodeError';
    this.file = file;
  }
}

/** kustomize failed, timed out or produced too much output; `stderr` has temp paths made artifact-relative. */
export class BuildError extends Error {
  readonly stderr: string;
  constructor(message: string, options: ErrorOptions & { stderr?: string } = {}) {
    super(message, options);
    this.name = 'BuildError';
    this.stderr = options.stderr ?? '';
  }
}

/** Variable substitution failed: invalid variable name, bad `${...}` syntax, or an unset variable in strict mode. */
export class SubstituteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SubstituteError';
  }
}

/** A ConfigMap or Secret named in postBuild.substituteFrom is missing (and not optional) or cannot be read. */
export class SubstituteSourceError extends Error {
  /** `ConfigMap/<namespace>/<name>` or `Secret/<namespace>/<name>`. */
  readonly source: string;
  constructor(source: string, detail: string, options?: ErrorOptions) {
    super(`${source} ${detail}`, options);
    this.name = 'SubstituteSourceError';
    this.source = source;
  }
}
