import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../src/index.js';

let cluster: DevCluster;

beforeAll(async () => {
  cluster = await startDevCluster();
});

afterAll(async () => {
  await cluster?.stop();
});

async function send(method: string, path: string, body?: string, contentType = 'application/json') {
  const response = await fetch(`${cluster.url}${path}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
  });
  const text = await response.text();
  return { code: response.status, status: JSON.parse(text) };
}

const configMaps = '/api/v1/namespaces/default/configmaps';

describe('bad requests get Kubernetes Status errors and never crash the server', () => {
  it.each([
    ['malformed JSON', 'POST', configMaps, '{"apiVersion": "v1", "kind": ', 'application/json', 400, 'BadRequest'],
    ['malformed YAML', 'POST', configMaps, 'kind: [unclosed', 'application/yaml', 400, 'BadRequest'],
    ['a JSON array body', 'POST', configMaps, '[1,2]', 'application/json', 400, 'BadRequest'],
    [
      'a huge body',
      'POST',
      configMaps,
      `{"data":"${'x'.repeat(4 * 1024 * 1024)}"}`,
      'application/json',
      413,
      'RequestEntityTooLarge',
    ],
    ['an unknown resource', 'GET', '/apis/example.com/v1/gizmos', undefined, 'application/json', 404, 'NotFound'],
    ['an unknown group', 'GET', '/apis/nothing.io/v9', undefined, 'application/json', 404, 'NotFound'],
    [
      'a wrong kind in the body',
      'POST',
      configMaps,
      '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}',
      'application/json',
      400,
      'BadRequest',
    ],
    [
      'a missing name',
      'POST',
      configMaps,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}',
      'application/json',
      422,
      'Invalid',
    ],
    [
      'an invalid name',
      'POST',
      configMaps,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}',
      'application/json',
      422,
      'Invalid',
    ],
    [
      'a missing namespace',
      'POST',
      '/api/v1/namespaces/nowhere/configmaps',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}',
      'application/json',
      404,
      'NotFound',
    ],
    [
      'a wrong field type',
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"replicas":"three"}}',
      'application/json',
      400,
      'BadRequest',
    ],
    [
      'an unknown field, strictly',
      'POST',
      `${configMaps}?fieldValidation=Strict`,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"dta":{}}',
      'application/json',
      400,
      'BadRequest',
    ],
    [
      'a bad label selector',
      'GET',
      `${configMaps}?labelSelector=${encodeURIComponent('a in (b')}`,
      undefined,
      'application/json',
      400,
      'BadRequest',
    ],
    ['an unsupported patch type', 'PATCH', `${configMaps}/kube-root`, '{}', 'text/plain', 415, 'UnsupportedMediaType'],
    [
      'a bad dryRun value',
      'POST',
      `${configMaps}?dryRun=Some`,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}',
      'application/json',
      400,
      'BadRequest',
    ],
  ])('%s', async (_name, method, path, body, contentType, code, reason) => {
    const result = await send(method, path, body, contentType);
    expect(result.code).toBe(code);
    expect(result.status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code });
    expect(result.status.message.length).toBeGreaterThan(5);
  });

  it('answers 409 to a stale resourceVersion and to a second create', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cas' }, data: { v: '1' } });
    const created = await send('POST', configMaps, body);
    expect(created.code).toBe(201);
    const again = await send('POST', configMaps, body);
    expect(again.status).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "cas" already exists',
    });
    const fresh = { ...created.status, data: { v: '2' } };
    expect((await send('PUT', `${configMaps}/cas`, JSON.stringify(fresh))).code).toBe(200);
    const stale = await send('PUT', `${configMaps}/cas`, JSON.stringify({ ...created.status, data: { v: '3' } }));
    expect(stale.code).toBe(409);
    expect(stale.status.message).toContain('the object has been modified');
  });

  it('answers 410 Gone to a watch from a compacted resourceVersion', async () => {
    const small = await startDevCluster({ watchHistory: 5 });
    try {
      for (let i = 0; i < 20; i++) {
        await fetch(`${small.url}${configMaps}`, {
          method: 'POST',
          body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } }),
          headers: { 'Content-Type': 'application/json' },
        });
      }
      const response = await fetch(`${small.url}${configMaps}?watch=true&resourceVersion=1&timeoutSeconds=1`);
      const line = JSON.parse((await response.text()).split('\n')[0]);
      expect(line).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    } finally {
      await small.stop();
    }
  });

  it('is still serving after all of that', async () => {
    const response = await fetch(`${cluster.url}/readyz`);
    expect(response.status).toBe(200);
  });
});
