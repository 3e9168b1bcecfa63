import { resolve } from 'node:path';
import { checkComposeService } from '@driftless/testkit';
import { describe, expect, it } from 'vitest';
import { imageAutomationControllerConfig } from '../src/config.js';

const root = resolve(import.meta.dirname, '../../..');

describe('the image-automation-controller in docker-compose.yml and its Dockerfile', () => {
  it('sets only settings its config knows and accepts, and publishes, exposes and probes its ports', () => {
    expect(
      checkComposeService({ root, service: 'image-automation-controller', schema: imageAutomationControllerConfig }),
    ).toEqual([]);
  });
});
