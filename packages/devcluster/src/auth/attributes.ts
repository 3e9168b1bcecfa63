import type { KubeObject } from '../types.js';
import type { UserInfo } from './user.js';

/** What a request asks to do, as the authorizer sees it (`authorizer.Attributes`). */
export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Set for requests outside the resource API (`/healthz`, `/version`); resource fields are then ignored. */
  nonResourcePath?: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why it was allowed, or the resolution errors behind a denial (empty when there were none). */
  reason: string;
}

export type Authorizer = (attributes: AuthorizationAttributes) => AuthorizationDecision;

export interface RbacObjects {
  roles: KubeObject[];
  clusterRoles: KubeObject[];
  roleBindings: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

export const isResourceRequest = (attributes: AuthorizationAttributes): boolean =>
  attributes.nonResourcePath === undefined;
