import type { FluxEvent } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import { commitRevision, commitShaFromRevision, eventCommitSha } from './revision.js';

const SHA = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';
const OTHER_SHA = 'e7c17dd8b8384bbc84b7e7385394cb7f48332b2d';

describe('commitShaFromRevision', () => {
  it.each([
    ['branch', `main@sha1:${SHA}`, SHA],
    ['branch with a slash', `feature/login@sha1:${SHA}`, SHA],
    ['tag', `v1.0.0@sha1:${SHA}`, SHA],
    ['plain digest', `sha1:${SHA}`, SHA],
    ['legacy branch/sha', `main/${SHA}`, SHA],
    ['legacy nested branch/sha', `feature/login/${SHA}`, SHA],
    ['bare sha', SHA, SHA],
    ['upper-case hex', `main@sha1:${SHA.toUpperCase()}`, SHA],
    ['surrounding spaces', ` main@sha1:${SHA} `, SHA],
    ['OCI digest', `latest@sha256:${'a'.repeat(64)}`, undefined],
    ['plain sha256 digest', `sha256:${'b'.repeat(64)}`, undefined],
    ['bucket sha256 hex', 'c'.repeat(64), undefined],
    ['short sha', 'main@sha1:5394cb7', undefined],
    ['legacy short sha', 'main/5394cb7', undefined],
    ['non-hex 40 characters', `main@sha1:${'z'.repeat(40)}`, undefined],
    ['chart version', '6.5.4', undefined],
    ['chart version with digest', `6.5.4@sha256:${'d'.repeat(64)}`, undefined],
    ['empty', '', undefined],
    ['missing', undefined, undefined],
  ])('%s', (_case, revision, expected) => {
    expect(commitShaFromRevision(revision)).toBe(expected);
  });
});

function event(metadata: Record<string, string>): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
    severity: 'info',
    timestamp: '2024-01-01T00:00:00Z',
    message: 'applied',
    reason: 'ReconciliationSucceeded',
    metadata,
    reportingController: 'kustomize-controller',
  };
}

describe('commitRevision', () => {
  it('prefers the origin revision (the git commit an OCI artifact came from)', () => {
    const e = event({
      'kustomize.toolkit.fluxcd.io/revision': `latest@sha256:${'a'.repeat(64)}`,
      'kustomize.toolkit.fluxcd.io/originRevision': `main@sha1:${OTHER_SHA}`,
    });
    expect(commitRevision(e)).toBe(`main@sha1:${OTHER_SHA}`);
    expect(eventCommitSha(e)).toBe(OTHER_SHA);
  });

  it('falls back to the revision, with or without the group prefix', () => {
    expect(eventCommitSha(event({ 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${SHA}` }))).toBe(SHA);
    expect(eventCommitSha(event({ revision: `main@sha1:${SHA}` }))).toBe(SHA);
  });

  it('finds nothing without revision metadata', () => {
    expect(commitRevision(event({ summary: 'prod' }))).toBeUndefined();
    expect(eventCommitSha(event({}))).toBeUndefined();
  });
});
