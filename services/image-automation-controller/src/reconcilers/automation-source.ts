import { type GitRepository, ImageReason } from '@driftless/api';
import { type GitCredentials, gitCredentialsFromSecret } from '@driftless/git';
import {
  type KubeClient,
  type KubeObject,
  NotFoundError,
  readSecretData,
  StallingError,
  TransientError,
} from '@driftless/runtime';
import type { CommitIdentity } from '../git-update/git-update-types.js';
import { gitRepositoryType, type ImageUpdateAutomationObject } from './image-objects.js';

/** What an automation needs to know about its GitRepository. */
export interface AutomationSource {
  namespace: string;
  name: string;
  url: string;
  credentials: GitCredentials;
  checkoutBranch: string;
}

const defaultBranch = 'master';

/** Reads the GitRepository the automation updates, and its credentials. */
export async function readAutomationSource(
  client: KubeClient,
  automation: ImageUpdateAutomationObject,
): Promise<AutomationSource> {
  const namespace = automation.spec.sourceRef.namespace ?? automation.metadata.namespace;
  const name = automation.spec.sourceRef.name;
  if (!automation.spec.git) {
    throw new StallingError(ImageReason.InvalidSourceConfig, 'source configuration (spec.git) is missing');
  }
  let repository: GitRepository & KubeObject;
  try {
    repository = await client.get<GitRepository & KubeObject>(gitRepositoryType, namespace, name);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new TransientError(
      ImageReason.DependencyNotReady,
      `referenced GitRepository '${namespace}/${name}' does not exist`,
    );
  }
  const ref = automation.spec.git.checkout?.ref ?? repository.spec.ref;
  if (ref && (ref.tag || ref.semver || ref.commit || ref.name) && !ref.branch) {
    throw new StallingError(
      ImageReason.InvalidSourceConfig,
      'the checkout ref must name a branch: an automation commits on top of a branch',
    );
  }
  let credentials: GitCredentials = {};
  if (repository.spec.secretRef) {
    credentials = gitCredentialsFromSecret(await secretOf(client, namespace, repository.spec.secretRef.name));
  }
  return { namespace, name, url: repository.spec.url, credentials, checkoutBranch: ref?.branch ?? defaultBranch };
}

/** The commit author, and the signing key from `git.commit.signingKey.secretRef` (keys `git.asc`, `passphrase`). */
export async function readCommitIdentity(
  client: KubeClient,
  automation: ImageUpdateAutomationObject,
): Promise<CommitIdentity> {
  const commit = automation.spec.git!.commit;
  const identity: CommitIdentity = { name: commit.author.name ?? '', email: commit.author.email };
  const keyRef = commit.signingKey?.secretRef;
  if (keyRef) {
    const data = await secretOf(client, automation.metadata.namespace, keyRef.name);
    const armoredPrivateKey = data['git.asc'];
    if (!armoredPrivateKey) {
      throw new StallingError(
        ImageReason.InvalidSourceConfig,
        `signing key Secret '${automation.metadata.namespace}/${keyRef.name}' has no 'git.asc' key`,
      );
    }
    identity.signingKey = { armoredPrivateKey, passphrase: data.passphrase || undefined };
  }
  return identity;
}

async function secretOf(client: KubeClient, namespace: string, name: string): Promise<Record<string, string>> {
  const data = await readSecretData(client, namespace, name);
  if (!data) throw new TransientError('AuthenticationFailed', `Secret '${namespace}/${name}' not found`);
  return data;
}
