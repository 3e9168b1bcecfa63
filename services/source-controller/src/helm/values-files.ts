import { readFile, stat } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { ValuesFilesError } from './helm-errors.js';
import { PathEscapeError, resolveInside } from './safe-path.js';

export type Values = Record<string, unknown>;

export interface LoadValuesFilesOptions {
  /** Values file paths are relative to this dir (the source root, or the chart root for repository charts). */
  baseDir: string;
  files: readonly string[];
  /** Skip missing files instead of failing (`.spec.ignoreMissingValuesFiles`). */
  ignoreMissing: boolean;
}

/** Merges the files in order, later files winning (Flux's `mergeFileValues`); returns the files that were used. */
export async function loadValuesFiles(options: LoadValuesFilesOptions): Promise<{ values: Values; used: string[] }> {
  let values: Values = {};
  const used: string[] = [];
  for (const file of options.files) {
    const path = await resolveValuesFile(options.baseDir, file);
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw new ValuesFilesError(`could not read values file '${file}'`, { cause: err });
    });
    if (info === undefined && options.ignoreMissing) continue;
    if (!info?.isFile()) throw new ValuesFilesError(`no values file found at path '${file}'`);
    values = mergeValues(values, parseValues(await readFile(path, 'utf8'), file));
    used.push(file);
  }
  return { values, used };
}

async function resolveValuesFile(baseDir: string, file: string): Promise<string> {
  try {
    return await resolveInside(baseDir, file);
  } catch (err) {
    if (err instanceof PathEscapeError) throw new ValuesFilesError(`values file '${file}' is outside of the source`);
    throw err;
  }
}

function parseValues(text: string, file: string): Values {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (err) {
    throw new ValuesFilesError(`unmarshaling values from '${file}' failed`, { cause: err });
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isValues(parsed)) throw new ValuesFilesError(`values file '${file}' is not a map`);
  return parsed;
}

/** fluxcd/pkg `transform.MergeMaps`: maps merge recursively, any other value from `override` replaces. */
export function mergeValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isValues(value) && isValues(current) ? mergeValues(current, value) : value;
  }
  return out;
}

/** The merged values as `values.yaml` text; keys sorted (Go marshals maps sorted), empty values give an empty file. */
export function valuesToYaml(values: Values): string {
  return Object.keys(values).length === 0 ? '' : stringify(values, { sortMapEntries: true });
}

function isValues(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
