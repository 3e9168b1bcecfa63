import { describeItem, type Item, lex } from './go-lexer.js';
import {
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ListNode,
  type Node,
  nodeString,
  numberValue,
  type PipeNode,
  unquoteBody,
  type VariableNode,
} from './go-nodes.js';
import { TemplateError } from './template-types.js';

const operandStarts = new Set([
  'bool',
  'charConstant',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

/** Parses Go text/template source into a tree, with Go's error wording: `template: NAME:LINE: message`. */
export function parse(name: string, text: string, functions: ReadonlySet<string>): ListNode {
  return new Parser(name, lex(text), functions).parseTemplate();
}

class Parser {
  private at = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    private readonly name: string,
    private readonly items: Item[],
    private readonly functions: ReadonlySet<string>,
  ) {}

  private errorf(message: string): never {
    throw new TemplateError(`template: ${this.name}:${this.items[this.furthest].line}: ${message}`);
  }

  private next(): Item {
    const item = this.items[Math.min(this.at, this.items.length - 1)];
    this.furthest = Math.max(this.furthest, Math.min(this.at, this.items.length - 1));
    this.at++;
    return item;
  }

  private backup(count = 1): void {
    this.at -= count;
  }

  private peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }

  private nextNonSpace(): Item {
    let item = this.next();
    while (item.type === 'space') item = this.next();
    return item;
  }

  private peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  private unexpected(item: Item, context: string): never {
    this.errorf(`unexpected ${describeItem(item)} in ${context}`);
  }

  parseTemplate(): ListNode {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      const node = this.textOrAction();
      if (node.type === 'end' || node.type === 'else') this.errorf(`unexpected ${nodeString(node)}`);
      root.nodes.push(node);
    }
    return root;
  }

  private itemList(): { list: ListNode; next: Node } {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const node = this.textOrAction();
      if (node.type === 'end' || node.type === 'else') return { list, next: node };
      list.nodes.push(node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const item = this.nextNonSpace();
    if (item.type === 'text') return { type: 'text', pos: item.pos, text: item.val };
    if (item.type === 'leftDelim') return this.action();
    this.unexpected(item, 'input');
  }

  private action(): Node {
    const item = this.nextNonSpace();
    switch (item.type) {
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'with':
        return this.branch(item.type);
      case 'range':
        this.rangeDepth++;
        try {
          return this.branch('range');
        } finally {
          this.rangeDepth--;
        }
      case 'break':
      case 'continue':
        return this.loopControl(item);
      case 'block':
      case 'define':
      case 'template':
        this.errorf(`{{${item.type}}} is not supported in commit message templates`);
    }
    this.backup();
    const pipe = this.pipeline('command');
    return { type: 'action', pos: pipe.pos, pipe };
  }

  private expect(type: Item['type'], context: string): Item {
    const item = this.nextNonSpace();
    if (item.type !== type) this.unexpected(item, context);
    return item;
  }

  private loopControl(item: Item): Node {
    const type = item.type as 'break' | 'continue';
    const closing = this.nextNonSpace();
    if (closing.type !== 'rightDelim') this.unexpected(closing, `{{${type}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${type}}} outside {{range}}`);
    return { type, pos: item.pos };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.type === 'if' || peek.type === 'with') return { type: 'else', pos: peek.pos };
    return { type: 'else', pos: this.expect('rightDelim', 'else').pos };
  }

  private branch(type: BranchNode['type']): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(type);
      const { list, next } = this.itemList();
      const node: BranchNode = { type, pos: pipe.pos, pipe, list };
      if (next.type === 'else') node.elseList = this.elseBranch(type, next.pos);
      return node;
    } finally {
      this.vars.length = mark;
    }
  }

  private elseBranch(type: BranchNode['type'], pos: number): ListNode {
    const chained = this.peek().type;
    if (type !== 'range' && chained === type) {
      this.next();
      return { type: 'list', pos, nodes: [this.branch(type)] };
    }
    const { list, next } = this.itemList();
    if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
    return list;
  }

  private pipeline(context: string): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: start.pos, isAssign: false, decl: [], cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const item = this.nextNonSpace();
      if (item.type === 'rightDelim' || item.type === 'rightParen') {
        this.checkPipeline(pipe, context);
        if (item.type === 'rightParen') this.backup();
        return pipe;
      }
      if (!operandStarts.has(item.type)) this.unexpected(item, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const variable = this.peekNonSpace();
      if (variable.type !== 'variable') return;
      const before = this.at;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      const declared: VariableNode = { type: 'variable', pos: variable.pos, ident: [variable.val] };
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(declared);
        this.vars.push(variable.val);
        return;
      }
      if (next.type !== 'char' || next.val !== ',') {
        this.at = before;
        return;
      }
      this.nextNonSpace();
      pipe.decl.push(declared);
      this.vars.push(variable.val);
      if (context !== 'range' || pipe.decl.length >= 2) this.errorf(`too many declarations in ${context}`);
      if (!['variable', 'rightDelim', 'rightParen'].includes(this.peekNonSpace().type)) {
        this.errorf('range can only initialize variables');
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((cmd, i) => {
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(cmd.args[0].type)) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const item = this.next();
      if (item.type === 'space') continue;
      if (item.type === 'error') this.errorf(item.val);
      if (item.type === 'rightDelim' || item.type === 'rightParen') this.backup();
      else if (item.type !== 'pipe') this.errorf(`unexpected ${describeItem(item)} in operand`);
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
      case 'variable':
        return { ...node, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
        break;
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  }

  private term(): ArgNode | undefined {
    const item = this.nextNonSpace();
    const { pos, val } = item;
    switch (item.type) {
      case 'error':
        this.errorf(val);
        break;
      case 'identifier':
        if (!this.functions.has(val)) this.errorf(`function ${JSON.stringify(val)} not defined`);
        return { type: 'identifier', pos, ident: val };
      case 'dot':
        return { type: 'dot', pos, text: '.', value: undefined };
      case 'nil':
        return { type: 'nil', pos, text: 'nil', value: null };
      case 'variable':
        if (!this.vars.includes(val)) this.errorf(`undefined variable ${JSON.stringify(val)}`);
        return { type: 'variable', pos, ident: [val] };
      case 'field':
        return { type: 'field', pos, ident: [val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos, text: val, value: val === 'true' };
      case 'number':
      case 'charConstant': {
        const value = numberValue(val);
        if (value === undefined) this.errorf(`illegal number syntax: ${JSON.stringify(val)}`);
        return { type: 'number', pos, text: val, value };
      }
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline');
        const closing = this.next();
        if (closing.type !== 'rightParen') this.errorf(`unclosed right paren: unexpected ${describeItem(closing)}`);
        return pipe;
      }
      case 'string':
      case 'rawString': {
        const value = item.type === 'rawString' ? val.slice(1, -1).replaceAll('\r', '') : unquoteBody(val.slice(1, -1));
        if (value === undefined) this.errorf('invalid syntax');
        return { type: 'string', pos, text: val, value };
      }
    }
    this.backup();
    return undefined;
  }
}
