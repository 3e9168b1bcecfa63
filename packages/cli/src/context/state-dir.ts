import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What `driftless dev` leaves in its state directory for other commands and scripts. */
export const StateFile = {
  kubeconfig: 'kubeconfig',
  env: 'env',
  logs: 'logs',
  git: 'git',
} as const;

export const defaultStateDir = '.driftless';

export function stateDirPath(stateDir: string | undefined, cwd: string): string {
  return resolve(cwd, stateDir ?? defaultStateDir);
}

/** `KEY=value` lines, as `driftless dev` writes `.driftless/env`; blank lines and `#` comments skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) continue;
    values[trimmed.slice(0, equals)] = trimmed.slice(equals + 1);
  }
  return values;
}

export function formatEnvFile(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

export function readStateEnv(stateDir: string): Record<string, string> {
  const file = join(stateDir, StateFile.env);
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
}

/** The `.driftless/env` key holding a controller's health server, e.g. DRIFTLESS_SOURCE_CONTROLLER_HEALTH_URL. */
export function healthUrlVariable(controller: string): string {
  return `DRIFTLESS_${controller.toUpperCase().replaceAll('-', '_')}_HEALTH_URL`;
}
