import { describe, expect, it } from 'vitest';
import { InvalidTokenError } from './errors.js';
import {
  bucketName,
  decodeToken,
  encodeToken,
  eventFilterSubject,
  eventSubject,
  eventsStreamName,
  imageKey,
  objectKey,
  parseEventSubject,
  parseImageKey,
  parseObjectKey,
  parseReconcileSubject,
  reconcileFilterSubject,
  reconcileSubject,
} from './subjects.js';

describe('subject tokens', () => {
  it.each([
    ['podinfo', 'podinfo'],
    ['my.app', 'my=2Eapp'],
    ['a.b.c', 'a=2Eb=2Ec'],
    ['ns-1', 'ns-1'],
    ['Kustomization', 'Kustomization'],
    ['x=y', 'x=3Dy'],
    ['a*b>c d', 'a=2Ab=3Ec=20d'],
    ['ü', '=C3=BC'],
  ])('encodes %j as one token %j and decodes it back', (value, token) => {
    expect(encodeToken(value)).toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_=-]+$/);
    expect(decodeToken(token)).toBe(value);
  });

  it('rejects empty values and malformed or non-canonical tokens', () => {
    expect(() => encodeToken('')).toThrow(InvalidTokenError);
    for (const bad of ['', 'a.b', 'a*', '>', 'x=2', 'x=2e', '=41', 'a b', '=FF']) {
      expect(() => decodeToken(bad), bad).toThrow(InvalidTokenError);
    }
  });
});

describe('subjects and keys', () => {
  const ref = { kind: 'GitRepository', namespace: 'flux-system', name: 'podinfo.repo' };

  it('builds event subjects and parses them back', () => {
    const parts = { controller: 'source-controller', ...ref };
    const subject = eventSubject('driftless', parts);
    expect(subject).toBe('driftless.events.source-controller.GitRepository.flux-system.podinfo=2Erepo');
    expect(parseEventSubject('driftless', subject)).toEqual(parts);
    expect(eventFilterSubject('driftless')).toBe('driftless.events.>');
    expect(eventFilterSubject('driftless', { kind: 'GitRepository' })).toBe('driftless.events.*.GitRepository.*.*');
  });

  it('builds reconcile subjects and parses them back', () => {
    const subject = reconcileSubject('prod', ref);
    expect(subject).toBe('prod.reconcile.GitRepository.flux-system.podinfo=2Erepo');
    expect(parseReconcileSubject('prod', subject)).toEqual(ref);
    expect(reconcileFilterSubject('prod', 'GitRepository')).toBe('prod.reconcile.GitRepository.*.*');
  });

  it('builds KV keys and parses them back', () => {
    expect(objectKey(ref)).toBe('GitRepository.flux-system.podinfo=2Erepo');
    expect(parseObjectKey(objectKey(ref))).toEqual(ref);
    const policy = { namespace: 'apps', name: 'podinfo.semver' };
    expect(imageKey(policy)).toBe('apps.podinfo=2Esemver');
    expect(parseImageKey(imageKey(policy))).toEqual(policy);
  });

  it('names the stream and buckets after the prefix', () => {
    expect(eventsStreamName('driftless')).toBe('driftless-events');
    expect(bucketName('driftless', 'artifacts')).toBe('driftless-artifacts');
  });

  it('rejects empty parts, bad prefixes and foreign subjects', () => {
    expect(() => objectKey({ ...ref, name: '' })).toThrow(InvalidTokenError);
    expect(() => eventSubject('driftless', { controller: '', ...ref })).toThrow(InvalidTokenError);
    expect(() => reconcileSubject('a.b', ref)).toThrow(InvalidTokenError);
    expect(() => eventsStreamName('')).toThrow(InvalidTokenError);
    expect(() => parseObjectKey('GitRepository.flux-system')).toThrow(InvalidTokenError);
    expect(() => parseObjectKey('GitRepository.flux-system.a.b')).toThrow(InvalidTokenError);
    expect(() => parseEventSubject('driftless', 'other.events.a.b.c.d')).toThrow(InvalidTokenError);
    expect(() => parseReconcileSubject('driftless', 'driftless.reconcile.A..b')).toThrow(InvalidTokenError);
  });
});
