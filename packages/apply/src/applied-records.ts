/**
 * What this process last applied for each owner (a Kustomization, a HelmRelease): the digest of each object as built and the
 * resourceVersion each object had right after. An object whose watched resourceVersion still matches
 * was not touched since; an owner's reconcile with the same build and no touched object makes no API call.
 * Kept in memory: after a restart the first reconcile compares every object with a dry-run.
 */
export interface AppliedRecord {
  /** Inventory id → sha256 of the object as built; an object whose digest is unchanged needs no apply. */
  digests: Map<string, string>;
  /** Inventory id → resourceVersion after the apply. */
  versions: Map<string, string>;
}

export class AppliedRecords {
  readonly #records = new Map<string, AppliedRecord>();

  get(key: string): AppliedRecord | undefined {
    return this.#records.get(key);
  }

  set(key: string, record: AppliedRecord): void {
    this.#records.set(key, record);
  }

  forget(key: string): void {
    this.#records.delete(key);
  }

  /** Moves an object's recorded version forward after a change that is not drift (status, our own write). */
  advance(key: string, id: string, resourceVersion: string): void {
    const record = this.#records.get(key);
    if (record?.versions.has(id)) record.versions.set(id, resourceVersion);
  }
}
