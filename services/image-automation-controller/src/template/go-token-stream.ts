import { describeItem, type Item } from './go-items.js';
import { TemplateError } from './template-types.js';

/** The parser's view of the tokens: Go's next/backup/peek, and its error wording `template: NAME:LINE: ...`. */
export class TokenStream {
  protected at = 0;
  private furthest = 0;
  protected actionLine = 0;

  constructor(
    protected readonly name: string,
    private readonly items: Item[],
  ) {}

  protected errorf(message: string): never {
    throw new TemplateError(`template: ${this.name}:${this.items[this.furthest].line}: ${message}`);
  }

  protected next(): Item {
    const item = this.items[Math.min(this.at, this.items.length - 1)];
    this.furthest = Math.max(this.furthest, Math.min(this.at, this.items.length - 1));
    this.at++;
    return item;
  }

  protected backup(count = 1): void {
    this.at -= count;
  }

  protected peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }

  protected nextNonSpace(): Item {
    let item = this.next();
    while (item.type === 'space') item = this.next();
    return item;
  }

  protected peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  protected unexpected(item: Item, context: string): never {
    if (item.type === 'error') {
      const started = this.actionLine !== 0 && this.actionLine !== item.line;
      const where = `${this.name}:${this.actionLine}`;
      if (started) this.errorf(`${item.val}${item.val.endsWith(' action') ? '' : ' in action'} started at ${where}`);
      this.errorf(item.val);
    }
    this.errorf(`unexpected ${describeItem(item)} in ${context}`);
  }

  protected expect(type: Item['type'], context: string): Item {
    const item = this.nextNonSpace();
    if (item.type !== type) this.unexpected(item, context);
    return item;
  }
}
