import { StatusError } from '../errors.js';
import type { KubeObject } from '../types.js';

/**
 * Decodes the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) for the objects clients
 * send that way: helm's release storage writes core/v1 Secrets and ConfigMaps as protobuf and
 * does not fall back to JSON. Field numbers are those of k8s.io/api/core/v1/generated.proto.
 */
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field {
  number: number;
  wire: number;
  value: bigint | Buffer;
}

function* fields(buffer: Buffer): Generator<Field> {
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const wire = key & 7;
    const number = key >> 3;
    if (wire === 0) yield { number, wire, value: varint() };
    else if (wire === 2) {
      const length = Number(varint());
      if (offset + length > buffer.length) throw new Error('truncated field');
      yield { number, wire, value: buffer.subarray(offset, offset + length) };
      offset += length;
    } else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (value: bigint | Buffer) => (value as Buffer).toString('utf8');

function mapEntry(buffer: Buffer): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const field of fields(buffer)) {
    if (field.number === 1) key = text(field.value);
    if (field.number === 2) value = field.value as Buffer;
  }
  return [key, value];
}

function time(buffer: Buffer): string {
  let seconds = 0n;
  for (const field of fields(buffer)) if (field.number === 1) seconds = field.value as bigint;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}Z`;
}

function objectMeta(buffer: Buffer): KubeObject['metadata'] {
  const meta: KubeObject['metadata'] = {};
  const names: Record<number, string> = {
    1: 'name',
    2: 'generateName',
    3: 'namespace',
    5: 'uid',
    6: 'resourceVersion',
  };
  for (const field of fields(buffer)) {
    const name = names[field.number];
    if (name) meta[name] = text(field.value);
    else if (field.number === 7) meta.generation = Number(field.value);
    else if (field.number === 8) meta.creationTimestamp = time(field.value as Buffer);
    else if (field.number === 11 || field.number === 12) {
      const [key, value] = mapEntry(field.value as Buffer);
      const target = field.number === 11 ? 'labels' : 'annotations';
      meta[target] = { ...(meta[target] as Record<string, string>), [key]: value.toString('utf8') };
    } else if (field.number === 14) meta.finalizers = [...(meta.finalizers ?? []), text(field.value)];
  }
  return meta;
}

function secretOrConfigMap(kind: string, buffer: Buffer): KubeObject {
  const object: KubeObject = { apiVersion: 'v1', kind, metadata: {} };
  for (const field of fields(buffer)) {
    if (field.number === 1) object.metadata = objectMeta(field.value as Buffer);
    else if (kind === 'Secret' && field.number === 2) {
      const [key, value] = mapEntry(field.value as Buffer);
      object.data = { ...(object.data as object), [key]: value.toString('base64') };
    } else if (kind === 'Secret' && field.number === 3) object.type = text(field.value);
    else if (kind === 'ConfigMap' && field.number === 2) {
      const [key, value] = mapEntry(field.value as Buffer);
      object.data = { ...(object.data as object), [key]: value.toString('utf8') };
    } else if (field.number === 5 && kind === 'Secret') object.immutable = field.value === 1n;
  }
  return object;
}

export function decodeProtobufObject(body: Buffer): KubeObject {
  if (!body.subarray(0, 4).equals(magic))
    throw new StatusError(400, 'BadRequest', 'protobuf body without the k8s envelope');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  try {
    for (const field of fields(body.subarray(4))) {
      if (field.number === 1) {
        for (const typeField of fields(field.value as Buffer)) {
          if (typeField.number === 1) apiVersion = text(typeField.value);
          if (typeField.number === 2) kind = text(typeField.value);
        }
      } else if (field.number === 2) raw = field.value as Buffer;
    }
    if (apiVersion === 'v1' && (kind === 'Secret' || kind === 'ConfigMap')) return secretOrConfigMap(kind, raw);
  } catch (error) {
    throw new StatusError(400, 'BadRequest', `the protobuf body could not be decoded: ${(error as Error).message}`);
  }
  throw new StatusError(
    415,
    'UnsupportedMediaType',
    `protobuf is accepted for v1 Secret and ConfigMap only (got ${apiVersion} ${kind}); send application/json`,
  );
}
