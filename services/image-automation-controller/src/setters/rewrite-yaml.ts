import { Composer, type Document, LineCounter, Parser } from 'yaml';
import { findMarkedScalars } from './marked-scalars.js';
import { markerValue } from './marker.js';
import { formatScalar } from './scalar-style.js';
import type {
  ObjectChanges,
  ObjectIdentifier,
  PolicyResolver,
  SetterChange,
  UnresolvedMarker,
} from './setter-types.js';

export interface RewriteResult {
  /** The rewritten text: only marked values differ from the input, byte for byte. */
  text: string;
  /** The changes, per object in document order. */
  objects: ObjectChanges[];
  /** Markers naming a policy `resolve` did not know, in source order. */
  unresolved: UnresolvedMarker[];
  /** Set when the text is not valid YAML; `text` is then the input, untouched. */
  parseError?: string;
}

interface ParsedYaml {
  documents: Document.Parsed[];
  /** Comment tokens by source offset. */
  comments: Map<number, string>;
  lineCounter: LineCounter;
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/**
 * Rewrites the values marked with image policy markers in one YAML file (`file` only labels what is reported).
 * Each marked value's source is replaced in place, in its quoting style; every other byte stays as it was. A value
 * already current is no change.
 */
export function rewriteMarkedValues(text: string, file: string, resolve: PolicyResolver): RewriteResult {
  const parsed = parseYaml(text);
  if (typeof parsed === 'string') return { text, objects: [], unresolved: [], parseError: parsed };
  const edits: Edit[] = [];
  const objects = new Map<string, ObjectChanges>();
  const unresolved: UnresolvedMarker[] = [];
  for (const doc of parsed.documents) {
    const object = objectIdentifier(doc);
    for (const marked of findMarkedScalars(doc, text, parsed.comments)) {
      const { policy, field, setter } = marked.marker;
      const image = resolve(policy);
      if (image === undefined) {
        unresolved.push({ file, line: parsed.lineCounter.linePos(marked.commentOffset).line, policy });
        continue;
      }
      const newValue = markerValue(field, image);
      if (newValue === undefined || newValue === marked.value) continue;
      edits.push({
        start: marked.start,
        end: marked.end,
        replacement: formatScalar(newValue, marked.style, marked.inFlow),
      });
      addChange(objects, object, { oldValue: marked.value, newValue, setter });
    }
  }
  return { text: applyEdits(text, edits), objects: [...objects.values()], unresolved };
}

/** The parsed documents, or the first error's headline. */
function parseYaml(text: string): ParsedYaml | string {
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  // Every scalar read as a string: markers compare and report values as written, and Kubernetes
  // manifests may carry tags (`!!int`) that only a string schema leaves alone.
  const composer = new Composer({ keepSourceTokens: true, schema: 'failsafe', uniqueKeys: false });
  const documents = [...composer.compose(tokens)];
  const error = documents.flatMap((doc) => doc.errors)[0];
  if (error) return error.message.split('\n')[0];
  const comments = new Map<number, string>();
  collectComments(tokens, comments);
  return { documents, comments, lineCounter };
}

function collectComments(token: unknown, into: Map<number, string>): void {
  if (Array.isArray(token)) {
    for (const item of token) collectComments(item, into);
  } else if (typeof token === 'object' && token !== null) {
    const { type, offset, source } = token as { type?: unknown; offset?: unknown; source?: unknown };
    if (type === 'comment' && typeof offset === 'number' && typeof source === 'string') into.set(offset, source);
    for (const value of Object.values(token)) if (typeof value === 'object') collectComments(value, into);
  }
}

/** Flux's ObjectIdentifier: empty strings for what a document lacks (a kustomization.yaml has no name). */
function objectIdentifier(doc: Document.Parsed): ObjectIdentifier {
  const at = (...path: string[]): string => {
    const value = doc.getIn(path);
    return typeof value === 'string' ? value : '';
  };
  return {
    apiVersion: at('apiVersion'),
    kind: at('kind'),
    name: at('metadata', 'name'),
    namespace: at('metadata', 'namespace'),
  };
}

function addChange(objects: Map<string, ObjectChanges>, object: ObjectIdentifier, change: SetterChange): void {
  const key = JSON.stringify([object.apiVersion, object.kind, object.namespace, object.name]);
  const entry = objects.get(key) ?? { object, changes: [] };
  entry.changes.push(change);
  objects.set(key, entry);
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.replacement + result.slice(edit.end);
  }
  return result;
}
