import type { FluxEvent } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import { type AlertObject, alertMatches, eventForAlert, InvalidAlertError } from './event-matching.js';
import { matchesGlob } from './glob.js';

const event = (overrides: Partial<FluxEvent> = {}): FluxEvent => ({
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'team-a-web' },
  severity: 'info',
  timestamp: '2025-03-01T10:00:00Z',
  message: 'deployed v1',
  reason: 'ReconciliationSucceeded',
  reportingController: 'kustomize-controller',
  ...overrides,
});

const alert = (spec: Partial<AlertObject['spec']>): AlertObject => ({
  apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
  kind: 'Alert',
  metadata: { namespace: 'apps', name: 'a' },
  spec: { providerRef: { name: 'p' }, eventSources: [{ kind: 'Kustomization', name: '*' }], ...spec },
});

const noLabels = async () => undefined;

describe('matchesGlob', () => {
  it.each([
    ['*', 'anything', true],
    ['team-a-*', 'team-a-web', true],
    ['team-a-*', 'team-b-web', false],
    ['*-web', 'team-a-web', true],
    ['a*c', 'abc', true],
    ['a.c', 'abc', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(matchesGlob(pattern, value)).toBe(expected);
  });
});

describe('alertMatches', () => {
  it.each<[string, Partial<AlertObject['spec']>, Partial<FluxEvent>, boolean]>([
    ['every event of a * source', {}, {}, true],
    ['suspended', { suspend: true }, {}, false],
    ['error alert, info event', { eventSeverity: 'error' }, {}, false],
    ['error alert, error event', { eventSeverity: 'error' }, { severity: 'error' }, true],
    ['other kind', { eventSources: [{ kind: 'HelmRelease', name: '*' }] }, {}, false],
    ['name wildcard', { eventSources: [{ kind: 'Kustomization', name: 'team-a-*' }] }, {}, true],
    ['other namespace by default', {}, { involvedObject: { kind: 'Kustomization', namespace: 'x', name: 'n' } }, false],
    [
      'named namespace',
      { eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'x' }] },
      { involvedObject: { kind: 'Kustomization', namespace: 'x', name: 'n' } },
      true,
    ],
    ['inclusion matches', { inclusionList: ['^deployed'] }, {}, true],
    ['inclusion misses', { inclusionList: ['^failed'] }, {}, false],
    ['exclusion matches', { exclusionList: ['v1$'] }, {}, false],
  ])('%s', async (_name, spec, overrides, expected) => {
    expect(await alertMatches(alert(spec), event(overrides), noLabels)).toBe(expected);
  });

  it('checks matchLabels against the labels of the object', async () => {
    const spec = { eventSources: [{ kind: 'Kustomization' as const, name: '*', matchLabels: { team: 'a' } }] };
    expect(await alertMatches(alert(spec), event(), async () => ({ team: 'a', tier: 'web' }))).toBe(true);
    expect(await alertMatches(alert(spec), event(), async () => ({ team: 'b' }))).toBe(false);
    expect(await alertMatches(alert(spec), event(), noLabels)).toBe(false);
  });

  it('names the Alert and the expression when a regular expression does not compile', async () => {
    await expect(alertMatches(alert({ inclusionList: ['(unclosed'] }), event(), noLabels)).rejects.toThrow(
      new InvalidAlertError('Alert apps/a has an invalid regular expression "(unclosed"'),
    );
  });
});

describe('eventForAlert', () => {
  it("adds the Alert's metadata and summary, the event's own keys winning", () => {
    const result = eventForAlert(
      alert({ summary: 'prod', eventMetadata: { cluster: 'eu', revision: 'from-alert' } }),
      event({ metadata: { revision: 'from-event' } }),
    );
    expect(result.metadata).toEqual({ cluster: 'eu', revision: 'from-event', summary: 'prod' });
  });
});
