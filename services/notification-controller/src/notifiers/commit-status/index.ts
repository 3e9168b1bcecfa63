import type { Notifier } from '../notifier.js';
import { azureDevOpsNotifier } from './azure-devops.js';
import { bitbucketNotifier } from './bitbucket.js';
import { bitbucketServerNotifier } from './bitbucket-server.js';
import { giteaNotifier } from './gitea.js';
import { githubNotifier } from './github.js';
import { gitlabNotifier } from './gitlab.js';

/** The git forges that get a commit status per event: one status per object, updated in place. */
export const commitStatusNotifiers: readonly Notifier[] = [
  githubNotifier,
  gitlabNotifier,
  giteaNotifier,
  bitbucketNotifier,
  bitbucketServerNotifier,
  azureDevOpsNotifier,
];
