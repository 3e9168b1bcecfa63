import { GoFloat } from './go-value.js';

export interface TextNode {
  type: 'text';
  pos: number;
  text: string;
}
export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}
export interface ActionNode {
  type: 'action';
  pos: number;
  pipe: PipeNode;
}
export interface BranchNode {
  type: 'if' | 'range' | 'with';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}
export interface LoopControlNode {
  type: 'break' | 'continue';
  pos: number;
}
/** `{{else}}` and `{{end}}`: only seen while parsing. */
export interface DelimiterNode {
  type: 'else' | 'end';
  pos: number;
}
export type Node = TextNode | ListNode | ActionNode | BranchNode | LoopControlNode | DelimiterNode;

export interface PipeNode {
  type: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}
export interface FieldNode {
  type: 'field';
  pos: number;
  ident: string[];
}
export interface VariableNode {
  type: 'variable';
  pos: number;
  ident: string[];
}
export interface IdentifierNode {
  type: 'identifier';
  pos: number;
  ident: string;
}
export interface ChainNode {
  type: 'chain';
  pos: number;
  node: ArgNode;
  field: string[];
}
export interface LiteralNode {
  type: 'dot' | 'nil' | 'bool' | 'number' | 'string';
  pos: number;
  /** As written in the template. */
  text: string;
  value: unknown;
}
export type ArgNode = FieldNode | VariableNode | IdentifierNode | ChainNode | PipeNode | LiteralNode;

/** The node as Go's parse package prints it (used as the context of exec errors). */
export function nodeString(node: Node | ArgNode | CommandNode): string {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'list':
      return node.nodes.map(nodeString).join('');
    case 'action':
      return `{{${nodeString(node.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const elsePart = node.elseList ? `{{else}}${nodeString(node.elseList)}` : '';
      return `{{${node.type} ${nodeString(node.pipe)}}}${nodeString(node.list)}${elsePart}{{end}}`;
    }
    case 'break':
    case 'continue':
    case 'else':
    case 'end':
      return `{{${node.type}}}`;
    case 'pipe': {
      const decl = node.decl.map(nodeString).join(', ');
      const cmds = node.cmds.map(nodeString).join(' | ');
      return decl ? `${decl} ${node.isAssign ? '=' : ':='} ${cmds}` : cmds;
    }
    case 'command':
      return node.args.map((arg) => (arg.type === 'pipe' ? `(${nodeString(arg)})` : nodeString(arg))).join(' ');
    case 'field':
      return node.ident.map((name) => `.${name}`).join('');
    case 'variable':
      return node.ident.join('.');
    case 'identifier':
      return node.ident;
    case 'chain': {
      const base = node.node.type === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node);
      return base + node.field.map((name) => `.${name}`).join('');
    }
    default:
      return node.text;
  }
}

/** Go's parse.NumberNode plus exec's idealConstant: the int or float64 a number literal stands for. */
export function numberValue(text: string): number | GoFloat | undefined {
  if (text.startsWith("'")) {
    const char = unquoteChar(text);
    return char === undefined ? undefined : char.codePointAt(0);
  }
  if (text.endsWith('i')) return undefined;
  const plain = text.replaceAll('_', '');
  const intMatch = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(plain);
  if (intMatch) {
    const digits = intMatch[2].replace(/^0(?=[0-7])/, '0o');
    const value = Number(BigInt(digits)) * (intMatch[1] === '-' ? -1 : 1);
    return value;
  }
  if (/^[+-]?0[xX]/.test(plain) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain)) return undefined;
  return new GoFloat(Number(plain));
}

/** A Go interpreted string or rune literal, or undefined when it is malformed. */
export function unquoteChar(text: string): string | undefined {
  const body = text.slice(1, -1);
  const value = unquoteBody(body);
  return value !== undefined && [...value].length === 1 ? value : undefined;
}

export function unquoteBody(body: string): string | undefined {
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const c = body[++i];
    if (simple[c]) out += simple[c];
    else if (c === '\\' || c === '"' || c === "'") out += c;
    else {
      const sizes: Record<string, number> = { x: 2, u: 4, U: 8 };
      const hex = sizes[c] ? body.slice(i + 1, i + 1 + sizes[c]) : body.slice(i, i + 3);
      const base = sizes[c] ? 16 : 8;
      if (!(sizes[c] ? /^[0-9a-fA-F]+$/ : /^[0-7]{3}$/).test(hex) || hex.length !== (sizes[c] ?? 3)) return undefined;
      const code = Number.parseInt(hex, base);
      out += c === 'x' || base === 8 ? Buffer.from([code]).toString('latin1') : String.fromCodePoint(code);
      i += sizes[c] ?? 2;
    }
  }
  return out;
}
