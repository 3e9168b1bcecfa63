import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkComposeService } from '@driftless/testkit';
import { describe, expect, it } from 'vitest';
import { sourceControllerConfig } from '../src/config.js';

const root = resolve(import.meta.dirname, '../../..');

describe('the source-controller in docker-compose.yml and its Dockerfile', () => {
  it('sets only settings its config knows and accepts, and publishes, exposes and probes its ports', () => {
    expect(checkComposeService({ root, service: 'source-controller', schema: sourceControllerConfig })).toEqual([]);
  });

  it('reports a misspelt setting and a port published that the config does not listen on', () => {
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const broken = compose
      .replace('STORAGE_PORT: "9090"', 'STORAGE_PROT: "9090"')
      .replace('"127.0.0.1:9090:9090"', '"127.0.0.1:9090:9091"');
    expect(broken).not.toBe(compose);

    const problems = checkComposeService({
      root,
      service: 'source-controller',
      schema: sourceControllerConfig,
      composeText: broken,
    });

    expect(problems).toEqual([
      'environment: STORAGE_PROT is not a setting of source-controller',
      'ports: publishes container ports [9091, 9440] but the config listens on [9090, 9440]',
    ]);
  });
});
