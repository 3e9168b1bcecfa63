import { OciAuthenticationError, OciManifestError } from '@driftless/oci';
import { describe, expect, it } from 'vitest';
import { ImageNameError } from './image-name.js';
import { scanFailure } from './scan-errors.js';

describe('scanFailure', () => {
  it.each([
    [
      new ImageNameError('a:b', "spec.image must not contain a tag; remove ':b'"),
      'ImageURLInvalid',
      /^invalid image "a:b"/,
    ],
    [
      new OciAuthenticationError('ghcr.io', 'the token service answered 403'),
      'AuthenticationFailed',
      /^scan failed: authentication to ghcr.io failed/,
    ],
    [
      new OciManifestError('tag list of app', 'the response is not valid JSON'),
      'ReadOperationFailed',
      /^scan failed: tag list of app: /,
    ],
    [new Error('something odd'), 'ReadOperationFailed', /^scan failed: something odd$/],
    ['a string', 'ReadOperationFailed', /^scan failed: a string$/],
  ])('maps %s', (error, reason, message) => {
    const failure = scanFailure(error);
    expect(failure.reason).toBe(reason);
    expect(failure.message).toMatch(message);
  });

  it('never repeats the user info of a URL', () => {
    const failure = scanFailure(new Error('GET https://bot:hunter2@registry.example.com/v2/ failed'));
    expect(failure.message).toBe('scan failed: GET https://registry.example.com/v2/ failed');
  });
});
