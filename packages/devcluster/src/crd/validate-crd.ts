import type { KubeObject, PrinterColumn } from '../types.js';
import { type CrdNames, type CrdVersion, crdSpecOf, defaultedNames } from './crd-spec.js';
import { dns1035LabelErrors, dns1123SubdomainErrors } from './dns-validation.js';
import {
  type FieldError,
  formatFieldError,
  GoLiteral,
  invalidError,
  notSupportedError,
  requiredError,
} from './field-error.js';

const scopes = ['Cluster', 'Namespaced'];
const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/** How `%#v` prints `spec.versions` (pointer fields, which print as addresses in Go, are left out). */
function versionsLiteral(versions: CrdVersion[]): GoLiteral {
  const items = versions.map(
    (v) =>
      `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name ?? '')}, Served:${Boolean(v.served)}, Storage:${Boolean(v.storage)}, Deprecated:${Boolean(v.deprecated)}}`,
  );
  return new GoLiteral(`[]apiextensions.CustomResourceDefinitionVersion{${items.join(', ')}}`);
}

function metadataErrors(crd: KubeObject, requiredName: string): FieldError[] {
  const name = crd.metadata?.name;
  if (!name)
    return crd.metadata?.generateName ? [] : [requiredError('metadata.name', 'name or generateName is required')];
  const problems = dns1123SubdomainErrors(name);
  if (name !== requiredName) problems.push('must be spec.names.plural+"."+spec.group');
  return problems.map((problem) => invalidError('metadata.name', name, problem));
}

function groupErrors(group: string | undefined): FieldError[] {
  if (!group) return [requiredError('spec.group')];
  const problems = dns1123SubdomainErrors(group);
  if (problems.length) return [invalidError('spec.group', group, problems.join(','))];
  if (group.split('.').length < 2)
    return [invalidError('spec.group', group, 'should be a domain with at least one dot')];
  return [];
}

function scopeErrors(scope: string | undefined): FieldError[] {
  if (!scope) return [requiredError('spec.scope')];
  return scopes.includes(scope) ? [] : [notSupportedError('spec.scope', scope, scopes)];
}

function columnErrors(column: PrinterColumn, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!column.name) errors.push(requiredError(`${path}.name`));
  if (!column.type) errors.push(requiredError(`${path}.type`));
  else if (!columnTypes.includes(column.type)) errors.push(notSupportedError(`${path}.type`, column.type, columnTypes));
  if (column.format && !columnFormats.includes(column.format)) {
    errors.push(notSupportedError(`${path}.format`, column.format, columnFormats));
  }
  if (!column.jsonPath) errors.push(requiredError(`${path}.jsonPath`));
  return errors;
}

function versionErrors(version: CrdVersion, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const problems = dns1035LabelErrors(version.name ?? '');
  if (problems.length) errors.push(invalidError(`${path}.name`, version.name ?? '', problems.join(',')));
  const root = version.schema?.openAPIV3Schema;
  const typePath = `${path}.schema.openAPIV3Schema.type`;
  if (root && !root.type) errors.push(requiredError(typePath, 'must not be empty at the root'));
  else if (root && root.type !== 'object') errors.push(invalidError(typePath, root.type, 'must be object at the root'));
  (version.additionalPrinterColumns ?? []).forEach((column, i) => {
    errors.push(...columnErrors(column, `${path}.additionalPrinterColumns[${i}]`));
  });
  return errors;
}

function namesErrors(names: CrdNames): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!names[key]) errors.push(requiredError(`spec.names.${key}`));
  }
  for (const key of ['plural', 'singular'] as const) {
    const value = names[key];
    const problems = value ? dns1035LabelErrors(value) : [];
    if (problems.length) errors.push(invalidError(`spec.names.${key}`, value, problems.join(',')));
  }
  for (const key of ['kind', 'listKind'] as const) {
    const value = names[key];
    const problems = value ? dns1035LabelErrors(value.toLowerCase()) : [];
    if (problems.length) {
      errors.push(
        invalidError(
          `spec.names.${key}`,
          value,
          `may have mixed case, but should otherwise match: ${problems.join(',')}`,
        ),
      );
    }
  }
  return errors;
}

function versionsErrors(versions: CrdVersion[]): FieldError[] {
  const errors: FieldError[] = [];
  versions.forEach((version, i) => {
    if (!version.schema?.openAPIV3Schema) {
      errors.push(requiredError(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    }
  });
  versions.forEach((version, i) => {
    errors.push(...versionErrors(version, `spec.versions[${i}]`));
  });
  const names = versions.map((v) => v.name);
  if (new Set(names).size !== names.length) {
    errors.push(invalidError('spec.versions', versionsLiteral(versions), 'must contain unique version names'));
  }
  if (versions.filter((v) => v.storage).length !== 1) {
    errors.push(
      invalidError(
        'spec.versions',
        versionsLiteral(versions),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  return errors;
}

/** The field errors the API server rejects a new apiextensions.k8s.io/v1 CRD with, in its order. */
export function crdFieldErrors(crd: KubeObject): FieldError[] {
  const spec = crdSpecOf(crd);
  const names = defaultedNames(spec.names);
  const versions = spec.versions ?? [];
  return [
    ...metadataErrors(crd, `${names.plural ?? ''}.${spec.group ?? ''}`),
    ...groupErrors(spec.group),
    ...scopeErrors(spec.scope),
    ...versionsErrors(versions),
    ...namesErrors(names),
  ];
}

/** The errors as the API server prints them: `spec.group: Required value`, ... */
export const validateCrd = (crd: KubeObject): string[] => crdFieldErrors(crd).map(formatFieldError);
