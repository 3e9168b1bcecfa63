import { definitionRef } from './custom-resource-schemas.js';
import type { Operation, Parameter, PathSpec } from './operations.js';

/** Writes operations as OpenAPI 3.0 path items. */

const mediaTypes = ['application/json', 'application/yaml'];
const listMediaTypes = ['application/json', 'application/json;stream=watch', 'application/yaml'];

const parameter = (p: Parameter) => ({
  in: p.in,
  name: p.name,
  ...(p.required ? { required: true } : {}),
  schema: { type: p.type, uniqueItems: true },
});

const content = (types: string[], definition: string) =>
  Object.fromEntries(types.map((type) => [type, { schema: { $ref: definitionRef('v3', definition) } }]));

function operation(op: Operation): Record<string, unknown> {
  const responseTypes = op.action === 'list' ? listMediaTypes : mediaTypes;
  return {
    description: op.description,
    operationId: op.operationId,
    ...(op.parameters.length ? { parameters: op.parameters.map(parameter) } : {}),
    ...(op.body
      ? {
          requestBody: {
            content: content(op.body.consumes, op.body.definition),
            ...(op.body.required ? { required: true } : {}),
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([code, definition]) => [
          code,
          {
            description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK',
            content: content(responseTypes, definition),
          },
        ]),
      ),
      '401': { description: 'Unauthorized' },
    },
    tags: [op.tag],
    ...(op.action ? { 'x-kubernetes-action': op.action } : {}),
    ...(op.gvk ? { 'x-kubernetes-group-version-kind': op.gvk } : {}),
  };
}

export function v3Paths(paths: PathSpec[]): Record<string, unknown> {
  return Object.fromEntries(
    paths.map((path) => [
      path.path,
      {
        ...Object.fromEntries(path.operations.map((op) => [op.method, operation(op)])),
        ...(path.parameters.length ? { parameters: path.parameters.map(parameter) } : {}),
      },
    ]),
  );
}
