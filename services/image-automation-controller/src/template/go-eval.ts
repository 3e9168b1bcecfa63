import type { ArgNode, CommandNode, Node, PipeNode } from './go-nodes.js';
import { nodeString } from './go-nodes.js';
import { hasStringKeys, isTrue, kindOf, lookupMember, typeNameOf } from './go-value.js';
import { TemplateError } from './template-types.js';

/** A template function: gets evaluated arguments (`undefined` for a missing value), returns a value or throws. */
export type GoFunction = (...args: unknown[]) => unknown;

/** A function with Go's signature rules for argument counts. */
export interface GoFunctionSpec {
  fn: GoFunction;
  /** Fixed parameters; with `variadic`, the minimum. */
  params: number;
  variadic?: boolean;
  /** and/or: arguments are evaluated one at a time until the result is known. */
  shortCircuit?: 'and' | 'or';
}

export const missing = Symbol('missing');
/** The previous command's value in a pipeline, or `missing` for the first command. */
export type Final = unknown | typeof missing;

/** Evaluates pipelines, commands, fields and calls against Go's rules; `undefined` is Go's invalid value. */
export class Evaluator {
  protected vars: { name: string; value: unknown }[] = [];
  protected node: Node | ArgNode | CommandNode | undefined;

  constructor(
    protected readonly name: string,
    protected readonly text: string,
    private readonly functions: ReadonlyMap<string, GoFunctionSpec>,
  ) {}

  /** Throws with Go's wording: `template: NAME:LINE:COL: executing "NAME" at <CTX>: message`. */
  errorf(message: string): never {
    if (!this.node) throw new TemplateError(`template: ${this.name}: ${message}`);
    const before = this.text.slice(0, this.node.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const column = Buffer.byteLength(before.slice(lineStart));
    const where = `${this.name}:${line}:${column}`;
    throw new TemplateError(`template: ${where}: executing "${this.name}" at <${nodeString(this.node)}>: ${message}`);
  }

  protected evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: Final = missing;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], value);
      else this.vars.push({ name: variable.ident[0], value });
    }
    return value;
  }

  protected setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.errorf(`undefined variable: ${name}`);
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== missing) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        this.node = first;
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain': {
        this.node = first;
        const receiver = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, receiver, first, first.field, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first.ident, first, cmd, cmd.args.slice(1), final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    if (first.type === 'nil') this.errorf('nil is not a command');
    return first.type === 'dot' ? dot : first.value;
  }

  private evalVariable(dot: unknown, node: ArgNode & { type: 'variable' }, args: ArgNode[], final: Final): unknown {
    this.node = node;
    const value = this.varValue(node.ident[0]);
    if (node.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, node, node.ident.slice(1), args, final);
  }

  /** Evaluates an argument node to a value. */
  evalArg(dot: unknown, node: ArgNode): unknown {
    this.node = node;
    switch (node.type) {
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldChain(dot, dot, node, node.ident, [node], missing);
      case 'variable':
        return this.evalVariable(dot, node, [node], missing);
      case 'pipe':
        return this.evalPipeline(dot, node);
      case 'identifier':
        return this.evalFunction(dot, node.ident, node, node, [], missing);
      case 'chain':
        return this.evalFieldChain(dot, this.evalArg(dot, node.node), node, node.field, [node], missing);
      default:
        return node.value;
    }
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: ArgNode,
    ident: string[],
    args: ArgNode[],
    final: Final,
  ): unknown {
    let value = receiver;
    for (let i = 0; i < ident.length - 1; i++) value = this.evalField(dot, ident[i], node, [], missing, value);
    return this.evalField(dot, ident[ident.length - 1], node, args, final, value);
  }

  private evalField(dot: unknown, name: string, node: ArgNode, args: ArgNode[], final: Final, receiver: unknown) {
    if (receiver === undefined) return undefined;
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== missing;
    const kind = kindOf(receiver);
    const { found, member, owner } =
      kind === 'struct' || kind === 'map' || kind === 'slice'
        ? lookupMember(receiver as object, name)
        : { found: false };
    if (found && typeof member === 'function') {
      const spec: GoFunctionSpec = { fn: (...a) => member.apply(owner, a), params: member.length };
      return this.evalCall(dot, spec, node, name, args.slice(1), final);
    }
    if (kind === 'map' && hasStringKeys(receiver as Map<unknown, unknown>)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      return (receiver as Map<unknown, unknown>).get(name);
    }
    if (found && kind === 'struct') {
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return member;
    }
    this.errorf(`can't evaluate field ${name} in type ${typeNameOf(receiver)}`);
  }

  private evalFunction(
    dot: unknown,
    name: string,
    node: ArgNode,
    cmd: ArgNode | CommandNode,
    args: ArgNode[],
    final: Final,
  ) {
    this.node = node;
    const spec = this.functions.get(name);
    if (!spec) this.errorf(`"${name}" is not a defined function`);
    return this.evalCall(dot, spec, cmd, name, args, final);
  }

  private evalCall(
    dot: unknown,
    spec: GoFunctionSpec,
    node: ArgNode | CommandNode,
    name: string,
    args: ArgNode[],
    final: Final,
  ) {
    const count = args.length + (final === missing ? 0 : 1);
    if (spec.variadic && count < spec.params) {
      this.errorf(`wrong number of args for ${name}: want at least ${spec.params} got ${args.length}`);
    }
    if (!spec.variadic && count !== spec.params) {
      this.errorf(`wrong number of args for ${name}: want ${spec.params} got ${count}`);
    }
    if (spec.shortCircuit) return this.evalShortCircuit(dot, spec.shortCircuit, args, final);
    const values = args.map((arg) => this.evalArg(dot, arg));
    if (final !== missing) values.push(final);
    try {
      return spec.fn(...values);
    } catch (error) {
      this.node = node;
      this.errorf(`error calling ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private evalShortCircuit(dot: unknown, kind: 'and' | 'or', args: ArgNode[], final: Final): unknown {
    let value: unknown;
    for (const arg of args) {
      value = this.evalArg(dot, arg);
      if (isTrue(value) === (kind === 'or')) return value;
    }
    return final === missing ? value : final;
  }
}
