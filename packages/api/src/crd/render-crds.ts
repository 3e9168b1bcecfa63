import { stringify } from 'yaml';
import type { KindDefinition } from '../kinds/kind-definition.js';
import { kindDefinitions } from '../registry/kind-registry.js';
import { buildCrd } from './build-crd.js';

export interface CrdFile {
  /** `<group>_<plural>.yaml`, e.g. `source.toolkit.fluxcd.io_gitrepositories.yaml`. */
  fileName: string;
  content: string;
}

const header = '# Generated from the @driftless/api schemas. Do not edit: run `npm run generate -w @driftless/api`.\n';

export const crdFileName = (definition: KindDefinition): string => `${definition.group}_${definition.plural}.yaml`;

/** One YAML file per kind; the same schemas always give the same bytes. */
export function renderCrdFiles(): CrdFile[] {
  return kindDefinitions.map((definition) => ({
    fileName: crdFileName(definition),
    content: `${header}---\n${stringify(buildCrd(definition), { lineWidth: 0, aliasDuplicateObjects: false })}`,
  }));
}
