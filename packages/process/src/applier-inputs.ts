import {
  type Artifact,
  type Bus,
  type BusLogger,
  createKvMirror,
  type KvMirror,
  type Readiness,
  watchArtifacts,
  watchStatus,
} from '@driftless/bus';

/** What an applier reads from NATS: every source's latest artifact and every object's readiness. */
export interface ApplierInputs {
  artifacts: KvMirror<Artifact>;
  readiness: KvMirror<Readiness>;
  stop(): void;
}

/** Mirrors the artifacts and status buckets, resolving once both hold their current values. */
export async function syncApplierInputs(bus: Bus, logger: BusLogger): Promise<ApplierInputs> {
  const artifacts = await createKvMirror<Artifact>(() => watchArtifacts(bus), logger);
  const readiness = await createKvMirror<Readiness>(() => watchStatus(bus), logger);
  await Promise.all([artifacts.synced(), readiness.synced()]);
  return {
    artifacts,
    readiness,
    stop() {
      artifacts.stop();
      readiness.stop();
    },
  };
}
