import { definitionRef } from './custom-resource-schemas.js';
import type { Operation, Parameter, PathSpec } from './operations.js';

/** Writes operations as Swagger 2.0 path items. */

const produces = ['application/json', 'application/yaml'];
const listProduces = ['application/json', 'application/yaml', 'application/json;stream=watch'];

const parameter = (p: Parameter) => ({
  in: p.in,
  name: p.name,
  ...(p.required ? { required: true } : {}),
  type: p.type,
  uniqueItems: true,
});

const responseDescription: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

function operation(op: Operation): Record<string, unknown> {
  const body = op.body
    ? [
        {
          in: 'body',
          name: 'body',
          ...(op.body.required ? { required: true } : {}),
          schema: { $ref: definitionRef('v2', op.body.definition) },
        },
      ]
    : [];
  return {
    consumes: op.body?.consumes ?? ['*/*'],
    description: op.description,
    operationId: op.operationId,
    ...(body.length || op.parameters.length ? { parameters: [...body, ...op.parameters.map(parameter)] } : {}),
    produces: op.action === 'list' ? listProduces : produces,
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([code, definition]) => [
          code,
          { description: responseDescription[code] ?? 'OK', schema: { $ref: definitionRef('v2', definition) } },
        ]),
      ),
      '401': { description: 'Unauthorized' },
    },
    schemes: ['https'],
    tags: [op.tag],
    ...(op.action ? { 'x-kubernetes-action': op.action } : {}),
    ...(op.gvk ? { 'x-kubernetes-group-version-kind': op.gvk } : {}),
  };
}

export function v2Paths(paths: PathSpec[]): Record<string, unknown> {
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
