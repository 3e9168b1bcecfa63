import { Evaluator } from './go-eval.js';
import { formatValue } from './go-fmt.js';
import type { BranchNode, Node, PipeNode } from './go-nodes.js';
import { nodeString } from './go-nodes.js';
import { isTrue, kindOf, numberOf, sortedEntries } from './go-value.js';

class BreakSignal {}
class ContinueSignal {}

/** Walks a parsed template and writes its output. */
export class Executor extends Evaluator {
  private out = '';

  run(root: Node, data: unknown): string {
    this.vars = [{ name: '$', value: data }];
    this.out = '';
    this.walk(data, root);
    return this.out;
  }

  private walk(dot: unknown, node: Node): void {
    this.node = node;
    switch (node.type) {
      case 'text':
        this.out += node.text;
        return;
      case 'list':
        for (const child of node.nodes) this.walk(dot, child);
        return;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return;
      }
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private printValue(node: Node, value: unknown): void {
    this.node = node;
    if (value === undefined || value === null) this.out += '<no value>';
    else if (typeof value === 'function') this.errorf(`can't print ${nodeString(node)} of type func()`);
    else this.out += formatValue(value, { verb: 'v' });
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (isTrue(value)) this.walk(node.type === 'with' ? value : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, node: BranchNode): void {
    this.node = node;
    const outer = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const entries = this.rangeEntries(value, node.pipe);
      if (entries.length === 0) {
        if (node.elseList) this.walk(dot, node.elseList);
        return;
      }
      const mark = this.vars.length;
      for (const [key, element] of entries) {
        if (!this.iterate(node, mark, key, element)) break;
      }
    } finally {
      this.vars.length = outer;
    }
  }

  /** One pass of a range body; false after `{{break}}`. */
  private iterate(node: BranchNode, mark: number, key: unknown, element: unknown): boolean {
    const decl = node.pipe.decl;
    if (node.pipe.isAssign) {
      if (decl.length === 1) this.setVar(decl[0].ident[0], element);
      if (decl.length === 2) this.setVar(decl[0].ident[0], key);
      if (decl.length === 2) this.setVar(decl[1].ident[0], element);
    } else {
      if (decl.length > 0) this.vars[mark - 1].value = element;
      if (decl.length > 1) this.vars[mark - 2].value = key;
    }
    try {
      this.walk(element, node.list);
      return true;
    } catch (signal) {
      if (signal instanceof ContinueSignal) return true;
      if (signal instanceof BreakSignal) return false;
      throw signal;
    } finally {
      this.vars.length = mark;
    }
  }

  private rangeEntries(value: unknown, pipe: PipeNode): [unknown, unknown][] {
    switch (kindOf(value)) {
      case 'slice':
        return (value as unknown[]).map((element, i) => [i, element]);
      case 'map':
        return sortedEntries(value as Map<unknown, unknown>);
      case 'int':
        if (pipe.decl.length > 1) this.errorf(`can't use ${numberOf(value)} to iterate over more than one variable`);
        return Array.from({ length: Math.max(numberOf(value), 0) }, (_, i) => [i, i]);
      case 'invalid':
      case 'nil':
        return [];
      default:
        this.errorf(`range can't iterate over ${formatValue(value, { verb: 'v' })}`);
    }
  }
}
