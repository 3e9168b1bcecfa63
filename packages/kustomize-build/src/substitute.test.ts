// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is the substitution syntax under test, not a mistaken template literal.
import { describe, expect, it } from 'vitest';
import { SubstituteError, SubstituteSourceError } from './errors.js';
import { collectVariables, type ManifestObject, substituteVariables, type VariableReaders } from './substitute.js';

const variables = {
  NAME: 'podinfo',
  EMPTY: '',
  REPLICAS: '3',
  IMAGE: 'ghcr.io/stefanprodan/podinfo:6.7.0',
  PATH_LIKE: 'a/b/c.tar.gz',
  Mixed: 'hello World',
};

function configMap(value: string, metadata: Record<string, unknown> = {}): ManifestObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cm', namespace: 'apps', ...metadata },
    data: { value },
  };
}

function substituteValue(value: string, options = { strict: false }): unknown {
  const [result] = substituteVariables([configMap(value)], variables, options);
  return (result!.data as { value: unknown }).value;
}

describe('substituteVariables syntax', () => {
  it.each([
    ['plain variable', 'app-${NAME}', 'app-podinfo'],
    ['two variables', '${NAME}:${REPLICAS}', 'podinfo:3'],
    ['undefined variable becomes empty', 'x${UNSET}y', 'xy'],
    ['bare $var is not expanded', '$NAME', '$NAME'],
    ['$${var} escapes to a literal ${var}', '$${NAME}', '${NAME}'],
    ['$$ escapes a dollar anywhere', 'cost: $$5', 'cost: $5'],
    ['default with := when unset', '${UNSET:=fallback}', 'fallback'],
    ['default with := when empty', '${EMPTY:=fallback}', 'fallback'],
    ['default with := when set', '${NAME:=fallback}', 'podinfo'],
    ['default with :- when unset', '${UNSET:-fallback}', 'fallback'],
    ['default with = when unset', '${UNSET=fallback}', 'fallback'],
    ['nested default', '${UNSET:=${NAME}-x}', 'podinfo-x'],
    ['empty default keeps the value', '${NAME:=}', 'podinfo'],
    ['length', '${#NAME}', 7],
    ['substring from offset', '${NAME:3}', 'info'],
    ['substring with length', '${NAME:0:3}', 'pod'],
    ['substring from the end', '${NAME:-4}', 'podinfo'],
    ['negative offset counts from the end', '${NAME: -4}', 'podinfo'],
    ['negative length drops the tail', '${NAME:1:-1}', 'odinf'],
    ['offset past the end (empty YAML value is null)', '${NAME:20}', null],
    ['replace first', '${PATH_LIKE/\\//-}', 'a-b/c.tar.gz'],
    ['replace all', '${PATH_LIKE//\\//-}', 'a-b-c.tar.gz'],
    ['replace prefix', '${NAME/#pod/web}', 'webinfo'],
    ['replace suffix', '${NAME/%info/cast}', 'podcast'],
    ['replace with nothing', '${NAME/info/}', 'pod'],
    ['remove shortest prefix glob', '${PATH_LIKE#*/}', 'b/c.tar.gz'],
    ['remove longest prefix glob (* stops at /)', '${PATH_LIKE##*/}', 'b/c.tar.gz'],
    ['remove shortest suffix glob', '${PATH_LIKE%.*}', 'a/b/c.tar'],
    ['remove longest suffix glob', '${PATH_LIKE%%.*}', 'a/b/c'],
    ['upper case first', '${NAME^}', 'Podinfo'],
    ['upper case all', '${NAME^^}', 'PODINFO'],
    ['lower case first', '${Mixed,}', 'hello World'],
    ['lower case all', '${Mixed,,}', 'hello world'],
    ['a number stays a number after re-parsing', '${REPLICAS}', 3],
  ])('%s: %s', (_name, input, expected) => {
    expect(substituteValue(input)).toEqual(expected);
  });

  it.each([
    ['unclosed brace', '${NAME', /missing closing brace/],
    ['empty name', '${}', /unable to parse variable name/],
    ['dash default (refused by Flux)', '${NAME-x}', /missing closing brace/],
    ['replace without a second slash', '${NAME/x}', /bad substitution/],
  ])('%s is an error naming the object', (_name, input, message) => {
    expect(() => substituteValue(input)).toThrow(SubstituteError);
    expect(() => substituteValue(input)).toThrow(message);
    expect(() => substituteValue(input)).toThrow(/^ConfigMap\/apps\/cm: variable substitution failed/);
  });
});

describe('substituteVariables behaviour', () => {
  it.each([
    ['annotation', { annotations: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } }],
    ['label', { labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } }],
  ])('leaves objects opted out by %s untouched', (_how, metadata) => {
    const object = configMap('${NAME}', metadata);
    const [result] = substituteVariables([object], variables);
    expect(result).toEqual(object);
  });

  it('substitutes nothing when there are no variables, as Flux does', () => {
    const object = configMap('${NAME} ${BROKEN');
    expect(substituteVariables([object], {}, { strict: true })).toEqual([object]);
  });

  it('fails in strict mode on an undefined variable, and names it', () => {
    expect(() => substituteValue('${UNSET}', { strict: true })).toThrow(/ConfigMap\/apps\/cm: .*"UNSET" is not set/);
    expect(() => substituteValue('${#UNSET}', { strict: true })).toThrow(SubstituteError);
  });

  it('accepts defaults of undefined variables in strict mode', () => {
    expect(substituteValue('${UNSET:=d}', { strict: true })).toBe('d');
    expect(substituteValue('${UNSET:-d}', { strict: true })).toBe('d');
  });

  it.each(['my-var', '1st', 'a.b'])('rejects the variable name %s', (name) => {
    expect(() => substituteVariables([configMap('x')], { [name]: 'v' })).toThrow(`'${name}' var name is invalid`);
  });

  it('does not put variable values in error messages', () => {
    const secretValue = 's3cr3t-value';
    const run = () => substituteVariables([configMap('${TOKEN} ${BROKEN')], { TOKEN: secretValue });
    expect(run).toThrow(SubstituteError);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain(secretValue);
    }
  });

  it('substitutes multi-document text document by document', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: a',
      'data:',
      '  name: ${NAME}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: b',
      '  annotations:',
      '    kustomize.toolkit.fluxcd.io/substitute: disabled',
      'data:',
      '  name: ${NAME}',
      '',
    ].join('\n');
    const result = substituteVariables(text, variables);
    expect(result).toBe(text.replace('name: ${NAME}\n---', 'name: podinfo\n---'));
  });
});

describe('collectVariables', () => {
  const base64 = (value: string) => Buffer.from(value).toString('base64');
  const configMaps: Record<string, Record<string, string>> = {
    'apps/cluster-vars': { REGION: 'eu-west-1', SHARED: 'from-configmap', MULTI: 'line1\nline2\n' },
  };
  const secrets: Record<string, Record<string, string>> = {
    'apps/cluster-secrets': { TOKEN: base64('t0ken'), SHARED: base64('from-secret') },
  };
  const readers: VariableReaders = {
    getConfigMap: (namespace, name) => configMaps[`${namespace}/${name}`],
    getSecret: async (namespace, name) => secrets[`${namespace}/${name}`],
  };

  it('merges sources in order (later wins), decodes secrets, strips newlines; inline substitute wins over all', async () => {
    const result = await collectVariables(
      {
        substituteFrom: [
          { kind: 'ConfigMap', name: 'cluster-vars' },
          { kind: 'Secret', name: 'cluster-secrets' },
        ],
        substitute: { REGION: 'us-east-1', INLINE: 'a\nb' },
      },
      readers,
      'apps',
    );
    expect(result).toEqual({
      REGION: 'us-east-1',
      SHARED: 'from-secret',
      MULTI: 'line1line2',
      TOKEN: 't0ken',
      INLINE: 'ab',
    });
  });

  it('skips a missing optional source', async () => {
    const result = await collectVariables(
      {
        substituteFrom: [
          { kind: 'ConfigMap', name: 'absent', optional: true },
          { kind: 'ConfigMap', name: 'cluster-vars' },
        ],
      },
      readers,
      'apps',
    );
    expect(result.REGION).toBe('eu-west-1');
  });

  it.each([
    ['ConfigMap', 'ConfigMap/apps/vars not found'],
    ['Secret', 'Secret/apps/vars not found'],
  ] as const)('fails on a missing required %s', async (kind, message) => {
    const run = collectVariables({ substituteFrom: [{ kind, name: 'vars' }] }, readers, 'apps');
    await expect(run).rejects.toThrow(SubstituteSourceError);
    await expect(run).rejects.toThrow(message);
  });

  it('wraps reader failures, also for optional sources', async () => {
    const failing: VariableReaders = {
      getConfigMap: async () => {
        throw new Error('forbidden');
      },
      getSecret: () => undefined,
    };
    const run = collectVariables({ substituteFrom: [{ kind: 'ConfigMap', name: 'v', optional: true }] }, failing, 'x');
    await expect(run).rejects.toThrow('ConfigMap/x/v could not be read: forbidden');
  });

  it('returns no variables without postBuild', async () => {
    expect(await collectVariables(undefined, readers, 'apps')).toEqual({});
  });
});
