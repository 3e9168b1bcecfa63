import { encryptSops, generateAgeKey } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configMapType,
  type KustomizeHarness,
  kustomization,
  kustomizationType,
  read,
  ready,
  secretType,
  startKustomizeHarness,
  waitFor,
} from './harness.js';

describe('Kustomization: postBuild substitution and SOPS decryption', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('substitutes variables from spec, ConfigMaps and Secrets, and skips opted-out objects', async () => {
    const ns = await h.namespace();
    await h.client.create(configMapType, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cluster-vars', namespace: ns },
      data: { region: 'eu-west-1', tier: 'from-configmap' },
    });
    await h.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cluster-secrets', namespace: ns },
      data: { token: Buffer.from('s3cret').toString('base64') },
    });
    await h.repository(ns, 'repo', {
      'settings.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
data:
  region: \${region}
  tier: \${tier}
  token: \${token}
  size: \${size:=small}
  literal: $\${region}
`,
      'raw.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: raw
  namespace: ${ns}
  annotations:
    kustomize.toolkit.fluxcd.io/substitute: disabled
data:
  region: \${region}
`,
    });
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'app', {
        postBuild: {
          substitute: { tier: 'from-spec' },
          substituteFrom: [
            { kind: 'ConfigMap', name: 'cluster-vars' },
            { kind: 'Secret', name: 'cluster-secrets' },
            { kind: 'ConfigMap', name: 'absent', optional: true },
          ],
        },
      }),
    );
    await waitFor(h.client, kustomizationType, ns, 'app', ready);
    const settings = await read<{ data: Record<string, string> }>(h.client, configMapType, ns, 'settings');
    expect(settings.data).toEqual({
      region: 'eu-west-1',
      tier: 'from-spec',
      token: 's3cret',
      size: 'small',
      literal: ['$', '{region}'].join(''),
    });
    const raw = await read<{ data: Record<string, string> }>(h.client, configMapType, ns, 'raw');
    expect(raw.data.region).toBe(['$', '{region}'].join(''));
  });

  it('decrypts a Secret encrypted with SOPS and a real age key', async () => {
    const ns = await h.namespace();
    const key = await generateAgeKey();
    const plain = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: ${ns}
type: Opaque
stringData:
  password: correct-horse-battery-staple
`;
    const encrypted = await encryptSops(plain, { recipient: key.recipient, encryptedRegex: '^(data|stringData)$' });
    expect(encrypted).not.toContain('correct-horse-battery-staple');
    await h.client.create(secretType, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sops-age', namespace: ns },
      data: { 'identity.agekey': Buffer.from(key.identity).toString('base64') },
    });
    await h.repository(ns, 'repo', { 'db.enc.yaml': encrypted });
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'app', { decryption: { provider: 'sops', secretRef: { name: 'sops-age' } } }),
    );
    await waitFor(h.client, kustomizationType, ns, 'app', ready);
    const secret = await read<{ data: Record<string, string> }>(h.client, secretType, ns, 'db');
    expect(Buffer.from(secret.data.password!, 'base64').toString()).toBe('correct-horse-battery-staple');
  });
});
