import { contentHash } from './content-hash.js';

/** A document with its JSON and that JSON's hash, computed once. */
export interface ServedDocument {
  document: Record<string, unknown>;
  json: string;
  hash: string;
}

export function servedDocument(document: Record<string, unknown>): ServedDocument {
  const json = JSON.stringify(document);
  return { document, json, hash: contentHash(json) };
}
