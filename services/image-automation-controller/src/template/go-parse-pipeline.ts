import { describeItem, type Item } from './go-items.js';
import {
  type ArgNode,
  type CommandNode,
  nodeString,
  numberValue,
  type PipeNode,
  unquoteBody,
  type VariableNode,
} from './go-nodes.js';
import { TokenStream } from './go-token-stream.js';

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

/** Parses pipelines: declarations, commands and their operands. */
export class PipelineParser extends TokenStream {
  protected vars: string[] = ['$'];

  constructor(
    name: string,
    items: Item[],
    private readonly functions: ReadonlySet<string>,
  ) {
    super(name, items);
  }

  protected pipeline(context: string): PipeNode {
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
