import { type Document, isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';
import { type ImagePolicyMarker, parseMarker } from './marker.js';
import { ScalarStyle } from './scalar-style.js';

/** A scalar value followed on its line by an image policy marker. */
export interface MarkedScalar {
  /** Source offsets of the value itself: quotes included, anchor and tag excluded. */
  start: number;
  end: number;
  style: ScalarStyle;
  /** The value as YAML reads it. */
  value: string;
  /** Whether the scalar sits inside a flow collection, where `,[]{}` end a plain scalar. */
  inFlow: boolean;
  commentOffset: number;
  marker: ImagePolicyMarker;
}

const stylesByToken: Readonly<Record<string, ScalarStyle>> = {
  scalar: ScalarStyle.Plain,
  'single-quoted-scalar': ScalarStyle.SingleQuoted,
  'double-quoted-scalar': ScalarStyle.DoubleQuoted,
};

/** Between a value and its line comment, only blanks and a flow separator may stand. */
const gapToComment = /[ \t]*(?:,[ \t]*)?/y;

/**
 * The scalars of `doc` in value position (mapping values, sequence items, a document's root) that a marker comment
 * follows on the same line, in source order. Keys and block scalars are never marked, as in Flux; nor are empty
 * values, which have no source to replace.
 */
export function findMarkedScalars(
  doc: Document.Parsed,
  text: string,
  comments: ReadonlyMap<number, string>,
): MarkedScalar[] {
  const found: MarkedScalar[] = [];
  visitValues(doc.contents, false, (scalar, inFlow) => {
    const marked = markedScalar(scalar, inFlow, text, comments);
    if (marked) found.push(marked);
  });
  return found.sort((a, b) => a.start - b.start);
}

function visitValues(node: unknown, inFlow: boolean, visit: (scalar: Scalar, inFlow: boolean) => void): void {
  if (isScalar(node)) {
    visit(node, inFlow);
  } else if (isMap(node) || isSeq(node)) {
    const flow = inFlow || node.flow === true;
    for (const item of node.items) visitValues(isPair(item) ? item.value : item, flow, visit);
  }
}

function markedScalar(
  scalar: Scalar,
  inFlow: boolean,
  text: string,
  comments: ReadonlyMap<number, string>,
): MarkedScalar | undefined {
  const style = scalar.srcToken ? stylesByToken[scalar.srcToken.type] : undefined;
  const [start, end] = scalar.range ?? [0, 0];
  if (style === undefined || start === end) return undefined;
  gapToComment.lastIndex = end;
  const commentOffset = end + (gapToComment.exec(text)?.[0].length ?? 0);
  const comment = comments.get(commentOffset);
  const marker = comment === undefined ? undefined : parseMarker(comment);
  if (marker === undefined) return undefined;
  return { start, end, style, value: String(scalar.value ?? ''), inFlow, commentOffset, marker };
}
