import { describe, expect, it } from 'vitest';
import { ConflictError, GoneError, KubeApiError, kubeApiError, NotFoundError, networkError } from './kube-errors.js';

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason,
  message,
});

describe('kubeApiError', () => {
  it.each([
    {
      code: 404,
      body: status(404, 'NotFound', 'configmaps "apps" not found'),
      type: NotFoundError,
      name: 'NotFoundError',
      message: 'ConfigMap/flux-system/apps get failed (NotFound): configmaps "apps" not found',
    },
    {
      code: 409,
      body: status(409, 'Conflict', 'the object has been modified'),
      type: ConflictError,
      name: 'ConflictError',
      message: 'ConfigMap/flux-system/apps get failed (Conflict): the object has been modified',
    },
    {
      code: 410,
      body: status(410, 'Expired', 'too old resource version: 3 (7)'),
      type: GoneError,
      name: 'GoneError',
      message: 'ConfigMap/flux-system/apps get failed (Expired): too old resource version: 3 (7)',
    },
    {
      code: 422,
      body: status(422, 'Invalid', 'spec.interval: Invalid value'),
      type: KubeApiError,
      name: 'KubeApiError',
      message: 'ConfigMap/flux-system/apps get failed (Invalid): spec.interval: Invalid value',
    },
  ])('maps $code to $name', ({ code, body, type, name, message }) => {
    const error = kubeApiError('ConfigMap/flux-system/apps', 'get', code, body);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
    expect(error.statusCode).toBe(code);
    expect(error.reason).toBe(body.reason);
  });

  it.each([400, 401, 403, 422, 429, 500, 503])('keeps %i a plain KubeApiError', (code) => {
    const error = kubeApiError('Kustomization/flux-system/apps', 'patch', code, {});
    expect(error.constructor).toBe(KubeApiError);
  });

  it.each([
    {
      name: 'the Status reason and message',
      body: status(409, 'AlreadyExists', 'exists'),
      expected: '(AlreadyExists): exists',
    },
    { name: 'a reason from the code when the body has none', body: {}, expected: '(Conflict): HTTP 409' },
    { name: 'a plain-text body', body: '  upstream connect error \n', expected: '(Conflict): upstream connect error' },
    { name: 'an empty body', body: undefined, expected: '(Conflict): HTTP 409' },
    { name: 'an empty string body', body: '', expected: '(Conflict): HTTP 409' },
    { name: 'a null body', body: null, expected: '(Conflict): HTTP 409' },
  ])('reads $name', ({ body, expected }) => {
    expect(kubeApiError('Kustomization/flux-system/apps', 'apply', 409, body).message).toBe(
      `Kustomization/flux-system/apps apply failed ${expected}`,
    );
  });

  it.each([
    { code: 400, reason: 'BadRequest' },
    { code: 401, reason: 'Unauthorized' },
    { code: 403, reason: 'Forbidden' },
    { code: 404, reason: 'NotFound' },
    { code: 410, reason: 'Expired' },
    { code: 422, reason: 'Invalid' },
    { code: 429, reason: 'TooManyRequests' },
    { code: 500, reason: 'InternalError' },
    { code: 503, reason: 'ServiceUnavailable' },
    { code: 504, reason: 'Timeout' },
    { code: 418, reason: 'HTTP418' },
  ])('names HTTP $code $reason when the body does not', ({ code, reason }) => {
    const error = kubeApiError('Lease/default/driftless', 'update', code, undefined);
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`Lease/default/driftless update failed (${reason}): HTTP ${code}`);
  });

  it.each([
    { code: 0, transient: true },
    { code: 429, transient: true },
    { code: 500, transient: true },
    { code: 502, transient: true },
    { code: 503, transient: true },
    { code: 504, transient: true },
    { code: 400, transient: false },
    { code: 403, transient: false },
    { code: 404, transient: false },
    { code: 409, transient: false },
    { code: 410, transient: false },
    { code: 422, transient: false },
  ])('HTTP $code is transient: $transient', ({ code, transient }) => {
    expect(kubeApiError('ConfigMap/default/x', 'get', code, {}).transient).toBe(transient);
  });

  it('keeps the Retry-After seconds', () => {
    const error = kubeApiError('ConfigMap/default/x', 'list', 429, status(429, 'TooManyRequests', 'slow down'), 3);
    expect(error.retryAfterSeconds).toBe(3);
    expect(error.message).toBe('ConfigMap/default/x list failed (TooManyRequests): slow down');
  });
});

describe('networkError', () => {
  it('is a transient Unreachable error that keeps its cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    const error = networkError('Kustomization/flux-system/apps', 'get', cause);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error.message).toBe(
      'Kustomization/flux-system/apps get failed (Unreachable): connect ECONNREFUSED 127.0.0.1:6443',
    );
    expect(error.statusCode).toBe(0);
    expect(error.reason).toBe('Unreachable');
    expect(error.transient).toBe(true);
    expect(error.cause).toBe(cause);
  });

  it('reads a cause that is not an Error', () => {
    expect(networkError('Pod/default/p', 'watch', 'socket hang up').message).toBe(
      'Pod/default/p watch failed (Unreachable): socket hang up',
    );
  });
});
