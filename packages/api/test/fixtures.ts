import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** The fixture file of each kind, `test/fixtures/<kebab-kind>.yaml`. */
export const fixtureFiles = {
  GitRepository: 'git-repository.yaml',
  HelmRepository: 'helm-repository.yaml',
  HelmChart: 'helm-chart.yaml',
  OCIRepository: 'oci-repository.yaml',
  Kustomization: 'kustomization.yaml',
  HelmRelease: 'helm-release.yaml',
  ImageRepository: 'image-repository.yaml',
  ImagePolicy: 'image-policy.yaml',
  ImageUpdateAutomation: 'image-update-automation.yaml',
  Provider: 'provider.yaml',
  Alert: 'alert.yaml',
  Receiver: 'receiver.yaml',
} as const;

export type FixtureKind = keyof typeof fixtureFiles;

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
};

/** Every manifest in the fixture file of `kind`. */
export function loadFixtures(kind: FixtureKind): Manifest[] {
  const text = readFileSync(new URL(`./fixtures/${fixtureFiles[kind]}`, import.meta.url), 'utf8');
  return parseAllDocuments(text).map((document) => document.toJS() as Manifest);
}
