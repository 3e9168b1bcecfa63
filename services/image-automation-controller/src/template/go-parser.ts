import type { Item } from './go-items.js';
import { lex } from './go-lexer.js';
import { type BranchNode, type ListNode, type Node, nodeString } from './go-nodes.js';
import { PipelineParser } from './go-parse-pipeline.js';

/** Parses Go text/template source into a tree, with Go's error wording: `template: NAME:LINE: message`. */
export function parse(name: string, text: string, functions: ReadonlySet<string>): ListNode {
  return new Parser(name, lex(text), functions).parseTemplate();
}

class Parser extends PipelineParser {
  private rangeDepth = 0;

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
    if (item.type === 'leftDelim') {
      this.actionLine = item.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
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
}
