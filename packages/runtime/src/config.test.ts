import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, durationSetting, parseConfig, runtimeConfig, sizeSetting } from './config.js';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(runtimeConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected parseConfig to throw');
}

describe('runtimeConfig', () => {
  it('has a default for every setting that needs one', () => {
    expect(parseConfig(runtimeConfig, {})).toEqual({
      CONCURRENT: 4,
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 9440,
      SHUTDOWN_TIMEOUT: 30_000,
      MIN_RETRY_DELAY: 750,
      MAX_RETRY_DELAY: 900_000,
    });
  });

  it('reads every variable it declares', () => {
    const env = {
      KUBECONFIG: '/tmp/kubeconfig',
      KUBE_CONTEXT: 'kind-dev',
      CONCURRENT: '16',
      WATCH_NAMESPACE: 'flux-system',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      SHUTDOWN_TIMEOUT: '1m30s',
      MIN_RETRY_DELAY: '1s',
      MAX_RETRY_DELAY: '1h',
      POD_NAME: 'source-controller-0',
      POD_NAMESPACE: 'flux-system',
    };
    expect(parseConfig(runtimeConfig, env)).toEqual({
      ...env,
      CONCURRENT: 16,
      HTTP_PORT: 0,
      SHUTDOWN_TIMEOUT: 90_000,
      MIN_RETRY_DELAY: 1000,
      MAX_RETRY_DELAY: 3_600_000,
    });
  });

  it('ignores variables it does not declare', () => {
    expect(parseConfig(runtimeConfig, { PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });

  it('describes every variable', () => {
    for (const [name, schema] of Object.entries(runtimeConfig.shape)) {
      expect(schema.description, name).toMatch(/\w/);
    }
  });

  it.each([
    { variable: 'CONCURRENT', value: 'many' },
    { variable: 'CONCURRENT', value: '0' },
    { variable: 'CONCURRENT', value: '2.5' },
    { variable: 'CONCURRENT', value: '513' },
    { variable: 'HTTP_PORT', value: '65536' },
    { variable: 'HTTP_PORT', value: '-1' },
    { variable: 'HTTP_PORT', value: 'http' },
    { variable: 'SHUTDOWN_TIMEOUT', value: '30' },
    { variable: 'SHUTDOWN_TIMEOUT', value: 'soon' },
    { variable: 'MIN_RETRY_DELAY', value: '1d' },
  ])('rejects $variable=$value, naming the variable', ({ variable, value }) => {
    const error = configError({ [variable]: value });
    expect(error.variables).toEqual([variable]);
    expect(error.message).toMatch(new RegExp(`^invalid configuration:\\n  ${variable}: `));
  });

  it('quotes the bad duration in its message', () => {
    expect(configError({ SHUTDOWN_TIMEOUT: 'soon' }).message).toContain(
      'SHUTDOWN_TIMEOUT: "soon" is not a duration like 30s, 5m or 1h30m',
    );
  });

  it('reports every problem at once', () => {
    const error = configError({ CONCURRENT: '0', HTTP_PORT: '70000', SHUTDOWN_TIMEOUT: 'never', HTTP_HOST: 'ok' });
    expect(error.variables.sort()).toEqual(['CONCURRENT', 'HTTP_PORT', 'SHUTDOWN_TIMEOUT']);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('invalid configuration:');
    expect(
      lines
        .slice(1)
        .map((line) => line.trim().split(':')[0])
        .sort(),
    ).toEqual(['CONCURRENT', 'HTTP_PORT', 'SHUTDOWN_TIMEOUT']);
    expect(error.name).toBe('ConfigError');
  });
});

describe('parseConfig', () => {
  it('freezes the result', () => {
    const config = parseConfig(runtimeConfig, {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { CONCURRENT: number }).CONCURRENT = 99;
    }).toThrow(TypeError);
    expect(config.CONCURRENT).toBe(4);
  });

  it('works with a service schema that extends the runtime one', () => {
    const schema = runtimeConfig.extend({
      STORAGE_PATH: z.string().default('/data').describe('where artifacts go'),
      ARTIFACT_TTL: durationSetting('1h').describe('how long artifacts live'),
    });
    expect(parseConfig(schema, { ARTIFACT_TTL: '2h', CONCURRENT: '2' })).toMatchObject({
      STORAGE_PATH: '/data',
      ARTIFACT_TTL: 7_200_000,
      CONCURRENT: 2,
    });
    const error = (() => {
      try {
        parseConfig(schema, { ARTIFACT_TTL: 'forever', CONCURRENT: 'x' });
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(error?.variables.sort()).toEqual(['ARTIFACT_TTL', 'CONCURRENT']);
  });

  it('does not read process.env by itself', () => {
    const before = process.env.CONCURRENT;
    process.env.CONCURRENT = 'not a number';
    try {
      expect(parseConfig(runtimeConfig, {}).CONCURRENT).toBe(4);
    } finally {
      if (before === undefined) delete process.env.CONCURRENT;
      else process.env.CONCURRENT = before;
    }
  });
});

describe('sizeSetting', () => {
  it.each([
    ['1048576', 1_048_576],
    ['50Mi', 50 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['500k', 500_000],
    ['2MiB', 2 * 2 ** 20],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(sizeSetting('1Mi').parse(text)).toBe(bytes);
  });

  it('names a value that is not a size', () => {
    const result = sizeSetting('1Mi').safeParse('lots');
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['"lots" is not a size like 50Mi or 1048576']);
  });
});
