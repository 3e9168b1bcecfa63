import { describe, expect, it } from 'vitest';
import { parseTelemetryConfig, telemetryConfig } from './config.js';
import { TelemetryConfigError } from './errors.js';
import { loggerOptionsFromConfig } from './logger.js';
import { tracingOptionsFromConfig } from './tracing.js';

describe('telemetryConfig', () => {
  it('applies the defaults to an empty env', () => {
    expect(telemetryConfig.parse({})).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: 'auto' });
  });

  it('treats empty variables as unset and ignores unrelated ones', () => {
    expect(
      telemetryConfig.parse({ LOG_LEVEL: '', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SERVICE_NAME: '', HOME: '/root' }),
    ).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: 'auto' });
  });

  it('reads every variable', () => {
    const config = parseTelemetryConfig({
      LOG_LEVEL: 'DEBUG',
      LOG_FORMAT: 'json',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom/traces',
      OTEL_SERVICE_NAME: 'source',
    });
    expect(config).toEqual({
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom/traces',
      OTEL_SERVICE_NAME: 'source',
    });
    expect(loggerOptionsFromConfig(config)).toMatchObject({ level: 'debug', format: 'json' });
    expect(tracingOptionsFromConfig(config, { serviceName: 'source-controller', serviceVersion: '1.2.3' })).toEqual({
      serviceName: 'source',
      serviceVersion: '1.2.3',
      otlpEndpoint: 'http://collector:4318',
      otlpTracesEndpoint: 'http://collector:4318/custom/traces',
    });
  });

  it('describes every variable', () => {
    for (const [key, schema] of Object.entries(telemetryConfig.shape)) {
      expect(schema.description, key).toBeTruthy();
    }
  });

  it('names LOG_LEVEL when it is invalid', () => {
    const result = telemetryConfig.safeParse({ LOG_LEVEL: 'verbose' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['LOG_LEVEL']);
    expect(result.error?.issues[0].message).toContain('LOG_LEVEL');

    let error: unknown;
    try {
      parseTelemetryConfig({ LOG_LEVEL: 'verbose' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TelemetryConfigError);
    const configError = error as TelemetryConfigError;
    expect(configError.variables).toEqual(['LOG_LEVEL']);
    expect(configError.message).toContain('LOG_LEVEL');
    expect(configError.cause).toBeDefined();
  });

  it('names every bad variable', () => {
    expect(() => parseTelemetryConfig({ LOG_FORMAT: 'xml', OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(
      /LOG_FORMAT.*OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});
