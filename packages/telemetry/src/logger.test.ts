import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { controllerLogger, LogFields, reconcileLogger } from './log-fields.js';
import type { LoggerOptions } from './logger.js';
import { createLogger, defaultLoggerOptions, resolveLogFormat } from './logger.js';
import { REDACTED } from './redaction.js';

function sink() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, any>);
  return { destination, text, lines };
}

function jsonLogger(overrides: Partial<LoggerOptions> = {}) {
  const out = sink();
  const logger = createLogger({
    ...defaultLoggerOptions(),
    format: 'json',
    destination: out.destination,
    ...overrides,
  });
  return { logger, ...out };
}

describe('createLogger', () => {
  it('writes one JSON object per line with a level label, an ISO time and msg', () => {
    const { logger, lines } = jsonLogger();
    logger.info({ step: 'fetch' }, 'artifact stored');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', msg: 'artifact stored', step: 'fetch' });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(line.time).toISOString()).toBe(line.time);
    expect(line).not.toHaveProperty('pid');
    expect(line).not.toHaveProperty('hostname');
  });

  it('adds the base fields to every line', () => {
    const { logger, lines } = jsonLogger({ base: { controller: 'source-controller' } });
    logger.info('one');
    logger.warn('two');
    expect(lines().map((l) => [l.level, l.controller])).toEqual([
      ['info', 'source-controller'],
      ['warn', 'source-controller'],
    ]);
  });

  it('filters by level', () => {
    const { logger, lines } = jsonLogger({ level: 'warn' });
    logger.debug('no');
    logger.info('no');
    logger.warn('yes');
    logger.error('yes too');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'yes'],
      ['error', 'yes too'],
    ]);
  });

  it('writes nothing at level silent', () => {
    const { logger, text } = jsonLogger({ level: 'silent' });
    logger.fatal('no');
    expect(text()).toBe('');
  });

  it('serializes errors under err with type, message, stack and cause', () => {
    const { logger, lines } = jsonLogger();
    const cause = new Error('connection refused');
    logger.error({ err: new TypeError('fetch failed', { cause }) }, 'reconcile failed');
    const [line] = lines();
    expect(line.err).toMatchObject({ type: 'TypeError', message: expect.stringContaining('fetch failed') });
    expect(line.err.stack).toContain('TypeError: fetch failed');
    expect(JSON.stringify(line.err)).toContain('connection refused');
  });

  it('redacts secret-bearing fields', () => {
    const { logger, lines, text } = jsonLogger();
    logger.info(
      {
        password: 'p4ss-top',
        auth: { username: 'bot', password: 'p4ss-nested', token: 'tok-nested' },
        provider: { secret: 'shh', address: 'https://hooks.example.com' },
        headers: { authorization: 'Bearer abc', accept: 'application/json' },
        req: { headers: { authorization: 'Bearer def', cookie: 'session=1' } },
        object: { kind: 'Secret', metadata: { name: 'git-auth' }, data: { password: 'cGFzcw==' } },
      },
      'request',
    );
    const [line] = lines();
    expect(line.password).toBe(REDACTED);
    expect(line.auth).toEqual({ username: 'bot', password: REDACTED, token: REDACTED });
    expect(line.provider).toEqual({ secret: REDACTED, address: 'https://hooks.example.com' });
    expect(line.headers).toEqual({ authorization: REDACTED, accept: 'application/json' });
    expect(line.req.headers).toEqual({ authorization: REDACTED, cookie: REDACTED });
    expect(line.object).toEqual({ kind: 'Secret', metadata: { name: 'git-auth' }, data: REDACTED });
    for (const secret of ['p4ss', 'tok-nested', 'shh', 'Bearer', 'session=1', 'cGFzcw==']) {
      expect(text()).not.toContain(secret);
    }
  });

  it('redacts a logged Secret at the top level and extra paths', () => {
    const { logger, lines } = jsonLogger({ redact: ['spec.url'] });
    logger.info({ kind: 'Secret', data: { token: 'dG9r' }, stringData: { a: 'b' }, spec: { url: 'https://u:p@x' } });
    const [line] = lines();
    expect(line).toMatchObject({ kind: 'Secret', data: REDACTED, stringData: REDACTED, spec: { url: REDACTED } });
  });

  it('adds the standard child fields for a controller and a reconcile', () => {
    const { logger, lines } = jsonLogger();
    const controller = controllerLogger(logger, 'kustomize-controller');
    const reconcile = reconcileLogger(controller, {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
      reconcileID: '2b7d0c4e-1111-4c1e-9f00-6f6a1c2b3d4e',
      revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
    });
    reconcile.info('applied');
    reconcileLogger(controller, { kind: 'Kustomization', namespace: 'ns', name: 'n', reconcileID: 'r2' }).info('x');
    const [first, second] = lines();
    expect(first).toMatchObject({
      [LogFields.controller]: 'kustomize-controller',
      [LogFields.kind]: 'Kustomization',
      [LogFields.namespace]: 'flux-system',
      [LogFields.name]: 'apps',
      [LogFields.reconcileID]: '2b7d0c4e-1111-4c1e-9f00-6f6a1c2b3d4e',
      [LogFields.revision]: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
      msg: 'applied',
    });
    expect(second).not.toHaveProperty(LogFields.revision);
    expect(second.reconcileID).toBe('r2');
  });

  it('logs JSON for format auto when the output is not a TTY', () => {
    expect(resolveLogFormat({ format: 'auto', isTTY: false })).toBe('json');
    expect(resolveLogFormat({ format: 'auto', isTTY: true })).toBe('pretty');
    const out = sink();
    createLogger({ level: 'info', format: 'auto', isTTY: false, destination: out.destination }).info('plain');
    expect(out.lines()[0]).toMatchObject({ level: 'info', msg: 'plain' });
  });

  it('logs human-readable lines when pretty is asked', async () => {
    const out = sink();
    const logger = createLogger({
      level: 'info',
      format: 'pretty',
      isTTY: false,
      destination: out.destination,
      base: { controller: 'helm-controller' },
    });
    logger.info({ token: 'abc123' }, 'release installed');
    logger.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const text = out.text();
    expect(text).toContain('INFO');
    expect(text).toContain('release installed');
    expect(text).toContain('helm-controller');
    expect(text).not.toContain('abc123');
    expect(() => JSON.parse(text.split('\n')[0])).toThrow();
  });
});
