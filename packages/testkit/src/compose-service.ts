import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';

/** What the check needs of a service's zod config schema (structural: testkit does not depend on zod). */
export interface EnvSchema {
  safeParse(
    env: Record<string, string>,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface ComposeServiceOptions {
  /** Repository root: docker-compose.yml, the build contexts and services/<service> are under it. */
  root: string;
  /** The compose service, named like its folder services/<service>. */
  service: string;
  /** The service's config schema (`<name>Config` of its src/config.ts). */
  schema: EnvSchema;
  /** Compose text to check instead of <root>/docker-compose.yml. */
  composeText?: string;
  /** Settings compose must set although the schema has defaults for them. */
  requiredEnv?: readonly string[];
}

export function defaultComposeServiceOptions(): Required<Pick<ComposeServiceOptions, 'requiredEnv'>> {
  return { requiredEnv: ['NATS_URL', 'KUBECONFIG'] };
}

type Doc = Record<string, unknown>;
interface Mount {
  source?: string;
  target: string;
  readOnly: boolean;
}
interface Instruction {
  keyword: string;
  args: string;
}

const isDoc = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const sorted = (ports: Iterable<number>) => [...new Set(ports)].sort((a, b) => a - b).join(', ');
const under = (path: string, mount: Mount) => path === mount.target || path.startsWith(`${mount.target}/`);

/**
 * Checks one controller of docker-compose.yml against its config schema and its Dockerfile, with no
 * Docker engine: env keys and values, ports, healthchecks, dependencies, mounts, the image's final
 * stage and the build output its ENTRYPOINT runs. Returns the problems, one line each.
 */
export function checkComposeService(input: ComposeServiceOptions): string[] {
  const options = { ...defaultComposeServiceOptions(), ...input };
  let compose: Doc;
  try {
    const text = options.composeText ?? readFileSync(join(options.root, 'docker-compose.yml'), 'utf8');
    compose = interpolate(parse(text, { merge: true })) as Doc;
  } catch (error) {
    return [`the compose file does not parse: ${(error as Error).message}`];
  }
  const service = isDoc(compose.services) ? compose.services[options.service] : undefined;
  if (!isDoc(service)) return [`the compose file has no service ${options.service}`];
  const problems: string[] = [];
  const env = composeEnv(service.environment);
  const config = checkEnv(env, options, problems);
  checkDependsOn(service.depends_on, problems);
  checkMounts(service, compose.volumes, env, problems);
  const dockerfile = checkBuild(service, options, problems);
  checkBuildOutput(join(options.root, 'services', options.service), problems);
  if (!config) return problems;
  const ports = Object.entries(config)
    .filter(([key, value]) => key.endsWith('_PORT') && typeof value === 'number')
    .map(([, value]) => value as number);
  const httpPort = Number(config.HTTP_PORT);
  checkPorts(service.ports, ports, problems);
  const healthcheck = isDoc(service.healthcheck) ? service.healthcheck.test : undefined;
  problems.push(...probeProblems('healthcheck', asList(healthcheck), httpPort));
  if (dockerfile) checkDockerfile(readFileSync(dockerfile, 'utf8'), ports, httpPort, options.service, problems);
  return problems;
}

/** Compose's ${VAR:-default} interpolation with nothing set on the host: defaults, else empty. */
function interpolate(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\$|\$\{\w+(?:(:?[-?])([^}]*))?\}|\$\w+/g, (match, operator?: string, fallback?: string) =>
      match === '$$' ? '$' : operator?.endsWith('-') ? (fallback ?? '') : '',
    );
  if (Array.isArray(value)) return value.map(interpolate);
  if (isDoc(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item)]));
  return value;
}

/** The environment as the container gets it; a key without a value (taken from the host) is undefined. */
function composeEnv(environment: unknown): Record<string, string | undefined> {
  if (isDoc(environment))
    return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, v === null ? undefined : String(v)]));
  return Object.fromEntries(
    asList(environment).map((entry) => {
      const [key, ...value] = String(entry).split('=');
      return [key, value.length > 0 ? value.join('=') : undefined];
    }),
  );
}

/** The keys of a z.object, of both sides of a z.intersection, through pipes and wrappers. */
function schemaKeys(schema: unknown): string[] {
  const node = schema as { shape?: Doc; def?: Doc; _zod?: { def?: Doc } };
  if (isDoc(node.shape)) return Object.keys(node.shape);
  const def = node.def ?? node._zod?.def ?? {};
  if (def.left && def.right) return [...schemaKeys(def.left), ...schemaKeys(def.right)];
  const inner = def.in ?? def.innerType ?? def.schema;
  return inner ? schemaKeys(inner) : [];
}

function checkEnv(env: Record<string, string | undefined>, options: ComposeServiceOptions, problems: string[]) {
  const known = new Set(schemaKeys(options.schema));
  if (known.size === 0) problems.push('the config schema names no settings');
  for (const key of Object.keys(env))
    if (known.size > 0 && !known.has(key)) problems.push(`environment: ${key} is not a setting of ${options.service}`);
  for (const key of options.requiredEnv ?? [])
    if (env[key] === undefined) problems.push(`environment: ${key} is not set`);
  const given = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const result = options.schema.safeParse(given);
  if (result.success) return result.data as Doc;
  for (const issue of result.error.issues) problems.push(`environment: ${issue.path.join('.')}: ${issue.message}`);
  return undefined;
}

function checkPorts(entries: unknown, configPorts: number[], problems: string[]) {
  const targets = asList(entries).map((entry) => {
    const long = isDoc(entry);
    const parts = long
      ? []
      : String(entry)
          .replace(/\/(tcp|udp)$/, '')
          .split(':');
    const hostIp = long ? entry.host_ip : parts.length === 3 ? parts[0] : undefined;
    if (hostIp !== '127.0.0.1') problems.push(`ports: ${JSON.stringify(entry)} is published beyond 127.0.0.1`);
    return Number(long ? entry.target : parts.at(-1));
  });
  if (sorted(targets) !== sorted(configPorts))
    problems.push(
      `ports: publishes container ports [${sorted(targets)}] but the config listens on [${sorted(configPorts)}]`,
    );
}

function probeProblems(where: string, probe: unknown[], httpPort: number): string[] {
  const text = probe.join(' ');
  const ok = text.includes('/readyz') && new RegExp(`\\b${httpPort}\\b`).test(text);
  return ok ? [] : [`${where}: does not probe /readyz on the HTTP port ${httpPort}`];
}

function checkDependsOn(dependsOn: unknown, problems: string[]) {
  const deps = isDoc(dependsOn) ? dependsOn : Object.fromEntries(asList(dependsOn).map((name) => [String(name), {}]));
  if ((deps.nats as Doc | undefined)?.condition !== 'service_healthy')
    problems.push('depends_on: nats with condition service_healthy is missing');
  if (!deps.devcluster) problems.push('depends_on: devcluster is missing');
}

function serviceMounts(service: Doc): Mount[] {
  const volumes = asList(service.volumes).map((entry): Mount => {
    if (isDoc(entry))
      return { source: entry.source as string, target: String(entry.target), readOnly: !!entry.read_only };
    const [source, target, mode] = String(entry).split(':');
    if (target === undefined) return { target: source, readOnly: false };
    return { source, target, readOnly: (mode ?? '').split(',').includes('ro') };
  });
  const tmpfs = asList(service.tmpfs).map((entry) => ({ target: String(entry).split(':')[0], readOnly: false }));
  return [...volumes, ...tmpfs];
}

function checkMounts(service: Doc, declared: unknown, env: Record<string, string | undefined>, problems: string[]) {
  const mounts = serviceMounts(service);
  for (const { source } of mounts)
    if (source && !/^[./~]/.test(source) && !(isDoc(declared) && source in declared))
      problems.push(`volumes: ${source} is not declared under the top-level volumes`);
  if (service.read_only !== true) problems.push('read_only: the root filesystem is writable');
  const writable = Object.entries({ ...env, TMPDIR: '/tmp' }).filter(
    ([key]) => key.endsWith('_PATH') || key === 'TMPDIR',
  );
  for (const [key, path] of writable)
    if (path?.startsWith('/') && !mounts.some((m) => !m.readOnly && under(path, m)))
      problems.push(`${key}: ${path} is on no writable volume or tmpfs`);
  const kubeconfig = env.KUBECONFIG;
  if (kubeconfig && !mounts.some((m) => under(kubeconfig, m)))
    problems.push(`KUBECONFIG: ${kubeconfig} is on no volume`);
}

function checkBuild(service: Doc, options: ComposeServiceOptions, problems: string[]): string | undefined {
  const image = String(service.image ?? '');
  if (!image.startsWith(`driftless/${options.service}:`))
    problems.push(`image: ${image || '(none)'} is not driftless/${options.service}:<tag>, the name the chart uses`);
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  if (!isDoc(build)) {
    problems.push('build: missing');
    return undefined;
  }
  const context = join(options.root, String(build.context ?? '.'));
  const dockerfile = join(context, String(build.dockerfile ?? 'Dockerfile'));
  if (!existsSync(context)) problems.push(`build: the context ${context} does not exist`);
  else if (!existsSync(dockerfile)) problems.push(`build: the Dockerfile ${dockerfile} does not exist`);
  else return dockerfile;
  return undefined;
}

/** The instructions of a Dockerfile's last stage, continuation lines joined, comments dropped. */
function finalStage(text: string): Instruction[] {
  const lines = text.replace(/\\\r?\n(\s*#.*\r?\n)*/g, ' ').split(/\r?\n/);
  const instructions = lines
    .map((line) => /^\s*([A-Za-z]+)\s*(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ keyword: match[1].toUpperCase(), args: match[2].trim() }));
  return instructions.slice(instructions.findLastIndex((i) => i.keyword === 'FROM'));
}

function checkDockerfile(text: string, ports: number[], httpPort: number, service: string, problems: string[]) {
  const stage = finalStage(text);
  const args = (keyword: string) => stage.filter((i) => i.keyword === keyword).map((i) => i.args);
  const from = (args('FROM')[0] ?? '').split(/\s+/).find((token) => !token.startsWith('--')) ?? '';
  if (!/^node:24[\w.-]*-slim(@sha256:\w+)?$/.test(from))
    problems.push(`Dockerfile: the final stage is ${from}, not node:24-*slim`);
  const user = (args('USER').at(-1) ?? 'root').split(':')[0];
  if (!/^\d+$/.test(user) || Number(user) === 0)
    problems.push(`Dockerfile: runs as ${user}, not a numeric non-root uid`);
  const exposed = args('EXPOSE')
    .flatMap((a) => a.split(/\s+/))
    .map((p) => Number(p.replace(/\/(tcp|udp)$/, '')));
  if (sorted(exposed) !== sorted(ports))
    problems.push(`Dockerfile: EXPOSEs [${sorted(exposed)}] but the config listens on [${sorted(ports)}]`);
  let entrypoint: unknown;
  try {
    entrypoint = JSON.parse(args('ENTRYPOINT').at(-1) ?? '');
  } catch {}
  const main = `services/${service}/dist/main.js`;
  if (!Array.isArray(entrypoint) || entrypoint[0] !== 'node' || !entrypoint.includes(main))
    problems.push(`Dockerfile: ENTRYPOINT is not ["node", "${main}"]`);
  if (!args('COPY').some((a) => a.includes('--from=')))
    problems.push('Dockerfile: the final stage copies no build output');
  problems.push(...probeProblems('Dockerfile HEALTHCHECK', args('HEALTHCHECK'), httpPort));
}

function checkBuildOutput(dir: string, problems: string[]) {
  const json = (file: string): Doc =>
    existsSync(join(dir, file)) ? JSON.parse(readFileSync(join(dir, file), 'utf8')) : {};
  const pkg = json('package.json');
  const entries = [pkg.main, ...Object.values(isDoc(pkg.bin) ? pkg.bin : { bin: pkg.bin })].filter(Boolean);
  if (!entries.some((entry) => posix.normalize(String(entry)) === 'dist/main.js'))
    problems.push('package.json: neither main nor bin is dist/main.js');
  const compiler = (json('tsconfig.build.json').compilerOptions ?? {}) as Doc;
  const emits =
    String((pkg.scripts as Doc | undefined)?.build ?? '').includes('tsconfig.build.json') &&
    posix.normalize(String(compiler.outDir)) === 'dist' &&
    posix.normalize(String(compiler.rootDir)) === 'src' &&
    existsSync(join(dir, 'src', 'main.ts'));
  if (!emits) problems.push('build: `tsc -p tsconfig.build.json` does not emit dist/main.js from src/main.ts');
}
