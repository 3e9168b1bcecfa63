import { InvalidTokenError } from './errors.js';

/*
 * Every NATS subject and KV key of Driftless is built here.
 *
 * Token encoding: Kubernetes names may contain `.`, which NATS treats as a token separator, so every
 * variable token (controller, kind, namespace, name) is encoded: bytes of its UTF-8 form outside
 * `[A-Za-z0-9_-]` become `=XX` (two uppercase hex digits), e.g. `my.app` -> `my=2Eapp`. Plain
 * names stay readable, the result is always one token that is also a valid KV key, and decoding
 * accepts only the canonical form so that every token maps back to exactly one value.
 */

/** A namespaced Kubernetes object. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** An ImagePolicy, the key of the images bucket. */
export interface ImagePolicyRef {
  namespace: string;
  name: string;
}

export interface EventSubjectParts extends ObjectRef {
  controller: string;
}

export const BucketName = {
  Artifacts: 'artifacts',
  Images: 'images',
  ImageTags: 'image-tags',
  Status: 'status',
} as const;
export type BucketName = (typeof BucketName)[keyof typeof BucketName];

const plainByte = /^[A-Za-z0-9_-]$/;
const encodedToken = /^(?:[A-Za-z0-9_-]|=[0-9A-F]{2})+$/;
const prefixPattern = /^[A-Za-z0-9_-]+$/;

export function encodeToken(value: string): string {
  if (value.length === 0) throw new InvalidTokenError('a subject token must not be empty');
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += plainByte.test(ch) ? ch : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeToken(token: string): string {
  if (!encodedToken.test(token)) throw new InvalidTokenError(`not an encoded subject token: ${JSON.stringify(token)}`);
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '=') {
      bytes.push(Number.parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  const value = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
  if (encodeToken(value) !== token) {
    throw new InvalidTokenError(`not a canonically encoded subject token: ${JSON.stringify(token)}`);
  }
  return value;
}

/** Throws unless `prefix` is one subject token that is also valid in stream and bucket names. */
export function validatePrefix(prefix: string): string {
  if (!prefixPattern.test(prefix)) {
    throw new InvalidTokenError(`invalid subject prefix ${JSON.stringify(prefix)}: use only letters, digits, - and _`);
  }
  return prefix;
}

export function eventsStreamName(prefix: string): string {
  return `${validatePrefix(prefix)}-events`;
}

export function bucketName(prefix: string, bucket: BucketName): string {
  return `${validatePrefix(prefix)}-${bucket}`;
}

export function deadLettersStreamName(prefix: string): string {
  return `${validatePrefix(prefix)}-dead-letters`;
}

/** `<prefix>.deadletters.>`: every dead-letter subject. */
export function deadLettersStreamSubject(prefix: string): string {
  return `${validatePrefix(prefix)}.deadletters.>`;
}

/** `<prefix>.deadletters.<namespace>.<provider>`: events a Provider never accepted. */
export function deadLetterSubject(prefix: string, provider: { namespace: string; name: string }): string {
  return [validatePrefix(prefix), 'deadletters', encodeToken(provider.namespace), encodeToken(provider.name)].join('.');
}

/** `<prefix>.events.>`: every event subject. */
export function eventsStreamSubject(prefix: string): string {
  return `${validatePrefix(prefix)}.events.>`;
}

/** `<prefix>.events.<controller>.<kind>.<namespace>.<name>` */
export function eventSubject(prefix: string, parts: EventSubjectParts): string {
  return [
    validatePrefix(prefix),
    'events',
    encodeToken(parts.controller),
    encodeToken(parts.kind),
    encodeToken(parts.namespace),
    encodeToken(parts.name),
  ].join('.');
}

/** An event subject with `*` for every part not given; no parts gives `<prefix>.events.>`. */
export function eventFilterSubject(prefix: string, filter: Partial<EventSubjectParts> = {}): string {
  const { controller, kind, namespace, name } = filter;
  if (controller === undefined && kind === undefined && namespace === undefined && name === undefined) {
    return eventsStreamSubject(prefix);
  }
  const token = (v: string | undefined) => (v === undefined ? '*' : encodeToken(v));
  return [validatePrefix(prefix), 'events', token(controller), token(kind), token(namespace), token(name)].join('.');
}

export function parseEventSubject(prefix: string, subject: string): EventSubjectParts {
  const tokens = splitUnder(prefix, 'events', subject, 4);
  return {
    controller: decodeToken(tokens[0]),
    kind: decodeToken(tokens[1]),
    namespace: decodeToken(tokens[2]),
    name: decodeToken(tokens[3]),
  };
}

/** `<prefix>.reconcile.<kind>.<namespace>.<name>` */
export function reconcileSubject(prefix: string, ref: ObjectRef): string {
  return [
    validatePrefix(prefix),
    'reconcile',
    encodeToken(ref.kind),
    encodeToken(ref.namespace),
    encodeToken(ref.name),
  ].join('.');
}

/** `<prefix>.reconcile.<kind>.*.*`: every reconcile request for one kind. */
export function reconcileFilterSubject(prefix: string, kind: string): string {
  return [validatePrefix(prefix), 'reconcile', encodeToken(kind), '*', '*'].join('.');
}

export function parseReconcileSubject(prefix: string, subject: string): ObjectRef {
  const tokens = splitUnder(prefix, 'reconcile', subject, 3);
  return { kind: decodeToken(tokens[0]), namespace: decodeToken(tokens[1]), name: decodeToken(tokens[2]) };
}

/** `<kind>.<namespace>.<name>`: key in the artifacts and status buckets. */
export function objectKey(ref: ObjectRef): string {
  return [encodeToken(ref.kind), encodeToken(ref.namespace), encodeToken(ref.name)].join('.');
}

export function parseObjectKey(key: string): ObjectRef {
  const tokens = splitExactly(key, 3);
  return { kind: decodeToken(tokens[0]), namespace: decodeToken(tokens[1]), name: decodeToken(tokens[2]) };
}

/** `<namespace>.<imagepolicy>`: key in the images bucket. */
export function imageKey(ref: ImagePolicyRef): string {
  return [encodeToken(ref.namespace), encodeToken(ref.name)].join('.');
}

export function parseImageKey(key: string): ImagePolicyRef {
  const tokens = splitExactly(key, 2);
  return { namespace: decodeToken(tokens[0]), name: decodeToken(tokens[1]) };
}

function splitUnder(prefix: string, family: string, subject: string, count: number): string[] {
  const head = `${validatePrefix(prefix)}.${family}.`;
  if (!subject.startsWith(head)) {
    throw new InvalidTokenError(`subject ${JSON.stringify(subject)} does not start with ${JSON.stringify(head)}`);
  }
  return splitExactly(subject.slice(head.length), count);
}

function splitExactly(value: string, count: number): string[] {
  const tokens = value.split('.');
  if (tokens.length !== count) {
    throw new InvalidTokenError(`expected ${count} tokens in ${JSON.stringify(value)}, got ${tokens.length}`);
  }
  return tokens;
}

/** An object key with `*` for every part not given (for KV watches). */
export function objectKeyFilter(filter: Partial<ObjectRef> = {}): string {
  const token = (v: string | undefined) => (v === undefined ? '*' : encodeToken(v));
  return [token(filter.kind), token(filter.namespace), token(filter.name)].join('.');
}

/** An image key with `*` for every part not given (for KV watches). */
export function imageKeyFilter(filter: Partial<ImagePolicyRef> = {}): string {
  const token = (v: string | undefined) => (v === undefined ? '*' : encodeToken(v));
  return [token(filter.namespace), token(filter.name)].join('.');
}
