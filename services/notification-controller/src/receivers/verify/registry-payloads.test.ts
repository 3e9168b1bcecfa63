import type { ReceiverType } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import { webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook } from './index.js';

const token = 'registry-token';
const dockerhub = webhookFixture('dockerhub-push.json');
const quay = webhookFixture('quay-repo-push.json');
const acr = webhookFixture('acr-push.json');

const withoutField = (fixture: Buffer, drop: (payload: any) => void): Buffer => {
  const payload = JSON.parse(fixture.toString('utf8'));
  drop(payload);
  return Buffer.from(JSON.stringify(payload));
};

const verify = (type: ReceiverType, body: Buffer) =>
  verifyWebhook({ type, token, events: ['push'], headers: { 'content-type': 'application/json' }, body });

describe('registry receivers (dockerhub, quay, acr)', () => {
  it.each<{ type: ReceiverType; body: Buffer; case: string }>([
    { type: 'dockerhub', body: dockerhub, case: 'Docker Hub push' },
    { type: 'quay', body: quay, case: 'Quay repository push' },
    { type: 'acr', body: acr, case: 'ACR push' },
    {
      type: 'acr',
      body: withoutField(acr, (p) => delete p.target.tag),
      case: 'ACR push by digest (no tag)',
    },
  ])('reconciles on a $case', ({ type, body }) => {
    expect(verify(type, body)).toEqual({ outcome: 'reconcile' });
  });

  it.each<{ type: ReceiverType; body: Buffer; case: string; message: RegExp }>([
    { type: 'dockerhub', body: Buffer.from('push_data=latest'), case: 'not JSON', message: /not valid JSON/ },
    { type: 'quay', body: Buffer.from('{"docker_url":'), case: 'truncated JSON', message: /not valid JSON/ },
    { type: 'acr', body: Buffer.alloc(0), case: 'empty body', message: /not valid JSON/ },
    { type: 'dockerhub', body: Buffer.from('null'), case: 'JSON null', message: /Docker Hub push payload/ },
    {
      type: 'dockerhub',
      body: withoutField(dockerhub, (p) => delete p.push_data.tag),
      case: 'no push_data.tag',
      message: /push_data\.tag/,
    },
    {
      type: 'dockerhub',
      body: withoutField(dockerhub, (p) => {
        p.repository.repo_url = 42;
      }),
      case: 'numeric repository.repo_url',
      message: /repository\.repo_url/,
    },
    { type: 'quay', body: dockerhub, case: 'a Docker Hub payload', message: /docker_url/ },
    {
      type: 'quay',
      body: withoutField(quay, (p) => {
        p.updated_tags = 'latest';
      }),
      case: 'updated_tags not a list',
      message: /updated_tags/,
    },
    { type: 'acr', body: quay, case: 'a Quay payload', message: /action/ },
    {
      type: 'acr',
      body: withoutField(acr, (p) => delete p.target.repository),
      case: 'no target.repository',
      message: /target\.repository/,
    },
  ])('$type rejects with 400 on $case', ({ type, body, message }) => {
    const verdict = verify(type, body);
    expect(verdict).toMatchObject({ outcome: 'reject', status: 400 });
    expect(verdict.outcome === 'reject' && verdict.message).toMatch(message);
  });
});
