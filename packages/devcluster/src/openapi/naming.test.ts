import { describe, expect, it } from 'vitest';
import { groupVersionPath, operationNaming, restFriendlyName } from './naming.js';

describe('OpenAPI naming', () => {
  it.each([
    ['', 'v1', 'api/v1'],
    ['apps', 'v1', 'apis/apps/v1'],
  ])('%s/%s is served at %s', (group, version, path) => {
    expect(groupVersionPath(group, version)).toBe(path);
  });

  it.each([
    ['example.com', 'v1', 'Widget', 'com.example.v1.Widget'],
    ['source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'io.fluxcd.toolkit.source.v1.GitRepository'],
    ['stable', 'v1beta1', 'Foo', 'stable.v1beta1.Foo'],
  ])('names %s/%s %s %s', (group, version, kind, name) => {
    expect(restFriendlyName(group, version, kind)).toBe(name);
  });

  it.each([
    ['', 'v1', 'CoreV1', 'core_v1'],
    ['apps', 'v1', 'AppsV1', 'apps_v1'],
    ['rbac.authorization.k8s.io', 'v1', 'RbacAuthorizationV1', 'rbacAuthorization_v1'],
    ['helm.toolkit.fluxcd.io', 'v2', 'HelmToolkitFluxcdIoV2', 'helmToolkitFluxcdIo_v2'],
  ])('operation ids of %s/%s use %s and tag %s', (group, version, infix, tag) => {
    expect(operationNaming(group, version)).toEqual({ infix, tag });
  });
});
