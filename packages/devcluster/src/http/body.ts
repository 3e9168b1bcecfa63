import { parse as parseYaml } from 'yaml';
import { badRequest, StatusError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { decodeProtobufObject } from './protobuf.js';

/** Decodes a create/update body (JSON or YAML) into an object, with the API server's wording on failure. */
export function decodeObject(body: string | Buffer | undefined, contentType: string | undefined): KubeObject {
  if (Buffer.isBuffer(body)) return decodeProtobufObject(body);
  if (contentType?.includes('protobuf') || contentType?.includes('cbor')) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${contentType})`,
    );
  }
  if (!body || body.trim() === '') throw badRequest('the request body is empty: an object is required');
  const isYaml = contentType?.includes('yaml');
  let value: unknown;
  try {
    value = isYaml ? parseYaml(body, { maxAliasCount: 100 }) : JSON.parse(body);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw badRequest(
      `the body of the request could not be decoded: ${isYaml ? 'error converting YAML to JSON' : 'invalid JSON'}: ${reason}`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('the body of the request could not be decoded: expected a JSON object');
  }
  const object = value as KubeObject;
  if (
    object.metadata !== undefined &&
    (typeof object.metadata !== 'object' || object.metadata === null || Array.isArray(object.metadata))
  ) {
    throw badRequest('the body of the request could not be decoded: metadata must be an object');
  }
  object.metadata ??= {};
  return object;
}

/** Decodes an optional JSON body (DeleteOptions); an empty body is `undefined`. */
export function decodeOptional(body: string | undefined): unknown {
  if (!body || body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
}
