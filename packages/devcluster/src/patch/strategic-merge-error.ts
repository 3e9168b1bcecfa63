import { formatGo, goTypeName } from './go-format.js';
import type { JsonObject } from './json-value.js';

/**
 * A strategic merge patch the API server would refuse. `status` is the HTTP code it answers with:
 * 400 for a malformed directive, 422 for lists of lists, 500 for everything else (the server passes
 * those errors through unwrapped).
 */
export class StrategicMergePatchError extends Error {
  override readonly name = 'StrategicMergePatchError';
  readonly status: 400 | 422 | 500;

  constructor(message: string, options: { status?: 400 | 422 | 500; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status ?? 500;
  }
}

const badRequest = (message: string) => new StrategicMergePatchError(message, { status: 400 });

export const badJsonDoc = () => badRequest('invalid JSON document');
export const badPrimitiveListFormat = () => badRequest('invalid patch format of primitive list');
export const badRetainKeysFormat = () => badRequest('invalid patch format of retainKeys');
export const badSetElementOrderFormat = () => badRequest('invalid patch format of setElementOrder list');
export const listOfLists = () => new StrategicMergePatchError('lists of lists are not supported', { status: 422 });

export const noMergeKey = (item: JsonObject, mergeKey: string) =>
  new StrategicMergePatchError(`map: ${formatGo(item)} does not contain declared merge key: ${mergeKey}`);

export const badArgType = (expected: 'map' | 'list', actual: unknown) =>
  new StrategicMergePatchError(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
  );

/** Go's `%s` of the directive value: strings print bare, anything else as `%!s(type=value)`. */
const directiveText = (directive: unknown) =>
  typeof directive === 'string'
    ? directive
    : directive === null
      ? '%!s(<nil>)'
      : `%!s(${goTypeName(directive)}=${formatGo(directive)})`;

export const badPatchType = (directive: unknown, item: JsonObject) =>
  new StrategicMergePatchError(`unknown patch type: ${directiveText(directive)} in map: ${formatGo(item)}`);

export const mixedElementTypes = (lists: unknown[][]) =>
  new StrategicMergePatchError(`list element types are not identical: ${formatGo(lists)}`);
