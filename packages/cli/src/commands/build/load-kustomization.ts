import { readFile } from 'node:fs/promises';
import { type Kustomization, validate } from '@driftless/api';
import type { KubeClient } from '@driftless/runtime';
import { parseAllDocuments } from 'yaml';
import { CommandFailure } from '../../context/command-failure.js';
import { fluxResourceType } from '../../context/resource-types.js';
import { ExitCode } from '../../exit-code.js';

export type NamedKustomization = Kustomization & { metadata: { name: string; namespace: string } };

export const kustomizationType = fluxResourceType('Kustomization');

export function getKustomization(client: KubeClient, namespace: string, name: string): Promise<NamedKustomization> {
  return client.get<NamedKustomization>(kustomizationType, namespace, name);
}

/**
 * The Kustomization named `name` in a local YAML file, as flux reads `--kustomization-file`: the first
 * document of that kind and name whose namespace is `namespace` or unset (then set to `namespace`).
 */
export async function readKustomizationFile(
  file: string,
  namespace: string,
  name: string,
): Promise<NamedKustomization> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CommandFailure(
      `cannot read the kustomization file ${file}: ${error.code ?? error.message}`,
      ExitCode.notFound,
    );
  });
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new CommandFailure(
        `invalid YAML in ${file}: ${document.errors[0]!.message.split('\n')[0]}`,
        ExitCode.failure,
      );
    }
    const object = document.toJS() as Partial<NamedKustomization> | null;
    if (object?.kind !== 'Kustomization' || !object.apiVersion?.startsWith(`${kustomizationType.group}/`)) continue;
    const metadata = object.metadata ?? ({} as Partial<NamedKustomization['metadata']>);
    if (metadata.name !== name || (metadata.namespace && metadata.namespace !== namespace)) continue;
    return checked({ ...object, metadata: { ...metadata, name, namespace } } as NamedKustomization, file);
  }
  throw new CommandFailure(`no Kustomization ${namespace}/${name} in ${file}`, ExitCode.notFound);
}

function checked(object: NamedKustomization, file: string): NamedKustomization {
  const result = validate('Kustomization', object);
  if (result.ok) return result.value as NamedKustomization;
  const issue = result.errors[0]!;
  throw new CommandFailure(`invalid Kustomization in ${file}: ${issue.path}: ${issue.message}`, ExitCode.failure);
}
