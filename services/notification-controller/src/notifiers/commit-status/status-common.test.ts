import type { FluxEvent } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import {
  basicAuth,
  commitStatusId,
  parseRepositoryAddress,
  reasonDescription,
  rejectCommitStatusExpr,
  sha1Hex,
  splitCamelCase,
  truncate,
} from './status-common.js';

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    type: 'github',
    namespace: 'apps',
    name: 'github',
    uid: '0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a',
    address: 'https://github.com/org/repo',
    headers: {},
    ...overrides,
  };
}

function event(overrides: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name: 'gitops-system' },
    severity: 'info',
    timestamp: '2024-01-01T00:00:00Z',
    message: 'applied',
    reason: 'ApplySucceeded',
    reportingController: 'kustomize-controller',
    ...overrides,
  };
}

describe('splitCamelCase', () => {
  it.each([
    ['', []],
    ['lowercase', ['lowercase']],
    ['MyClass', ['My', 'Class']],
    ['HTML', ['HTML']],
    ['PDFLoader', ['PDF', 'Loader']],
    ['SimpleXMLParser', ['Simple', 'XML', 'Parser']],
    ['vimRPCPlugin', ['vim', 'RPC', 'Plugin']],
    ['GL11Version', ['GL', '11', 'Version']],
    ['BFG9000', ['BFG', '9000']],
    ['BöseÜberraschung', ['Böse', 'Überraschung']],
    ['Two  spaces', ['Two', '  ', 'spaces']],
  ])('%s', (text, words) => {
    expect(splitCamelCase(text)).toEqual(words);
  });
});

describe('reasonDescription', () => {
  it('turns the reason into lower-case words, as Flux describes a status', () => {
    expect(reasonDescription(event({ reason: 'ReconciliationSucceeded' }))).toBe('reconciliation succeeded');
    expect(reasonDescription(event({ reason: 'HealthCheckFailed' }))).toBe('health check failed');
  });
});

describe('commitStatusId', () => {
  it('is <kind>/<name>/<first block of the provider uid>, lower case (Flux default)', () => {
    expect(commitStatusId(settings(), event())).toBe('kustomization/gitops-system/0c9c2e41');
  });
});

describe('parseRepositoryAddress', () => {
  it('drops credentials, the .git suffix and trailing slashes', () => {
    const parsed = parseRepositoryAddress(settings({ address: 'https://user:secret@git.example.com:8443/a/b.git/' }));
    expect(parsed).toEqual({
      origin: 'https://git.example.com:8443',
      hostname: 'git.example.com',
      href: 'https://git.example.com:8443/a/b.git/',
      segments: ['a', 'b'],
    });
  });

  it.each([
    ['', /needs an address/],
    ['github.com/org/repo', /not a URL/],
    ['ssh://git@github.com/org/repo', /not a ssh URL/],
  ])('rejects %j', (address, message) => {
    expect(() => parseRepositoryAddress(settings({ address }))).toThrow(ProviderConfigError);
    expect(() => parseRepositoryAddress(settings({ address }))).toThrow(message);
  });

  it('never repeats the address in its errors (it may carry credentials)', () => {
    expect(() => parseRepositoryAddress(settings({ address: 'ftp://user:hunter2@host/a/b' }))).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});

describe('rejectCommitStatusExpr', () => {
  it('refuses a CEL expression and names the field', () => {
    expect(() => rejectCommitStatusExpr(settings({ commitStatusExpr: "event.metadata.id + '/x'" }))).toThrow(
      /spec\.commitStatusExpr.*not available in Driftless yet/,
    );
    expect(() => rejectCommitStatusExpr(settings())).not.toThrow();
  });
});

describe('small helpers', () => {
  it('sha1Hex matches Flux sha1String', () => {
    expect(sha1Hex('kustomization/namespace-foo-and-service-bar')).toBe('12ea142172e98435e16336acbbed8919610922c3');
  });

  it('basicAuth encodes user:password', () => {
    expect(basicAuth('user', 'password')).toBe('Basic dXNlcjpwYXNzd29yZA==');
  });

  it('truncate keeps short text and cuts long text to the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a'.repeat(200), 140)).toHaveLength(140);
    expect(truncate('a'.repeat(200), 140).endsWith('…')).toBe(true);
  });
});
