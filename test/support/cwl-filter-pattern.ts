/**
 * A CloudWatch Logs filter-pattern matcher for the syntax this project's subscription filters use:
 * JSON patterns `{ … }` of comparisons `$.a.b = "value"` / `$.a.b != "value"` (quoted or bare
 * values, `*` as a wildcard), combined with `&&`, `||` and parentheses (`&&` binds tighter).
 * A comparison on a property the event does not have is false, for `!=` too: stricter than needed,
 * so a positive event it rejects is a real question, never a silent pass. Anything else (term
 * patterns, numeric comparisons, IS NULL, regular expressions) throws, so a pattern that grows
 * beyond this subset fails its test instead of being half-understood.
 */

type Node =
  | { readonly op: '&&' | '||'; readonly left: Node; readonly right: Node }
  | { readonly op: '=' | '!='; readonly path: readonly string[]; readonly value: string };

class Parser {
  private i = 0;

  constructor(private readonly text: string) {}

  parse(): Node {
    this.expect('{');
    const node = this.or();
    this.expect('}');
    this.space();
    if (this.i !== this.text.length) this.fail('text after the closing brace');
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.accept('||')) left = { op: '||', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.accept('&&')) left = { op: '&&', left, right: this.unary() };
    return left;
  }

  private unary(): Node {
    if (this.accept('(')) {
      const node = this.or();
      this.expect(')');
      return node;
    }
    return this.comparison();
  }

  private comparison(): Node {
    this.space();
    const selector = /^\$((?:\.[A-Za-z_][\w-]*)+)/.exec(this.text.slice(this.i));
    if (!selector) this.fail('a $.selector');
    this.i += selector[0].length;
    const path = selector[1]!.slice(1).split('.');
    const op = this.accept('!=') ? '!=' : this.accept('=') ? '=' : this.fail('= or !=');
    return { op, path, value: this.value() };
  }

  private value(): string {
    this.space();
    if (this.text[this.i] === '"') {
      const end = this.text.indexOf('"', this.i + 1);
      if (end < 0) this.fail('a closing quote');
      const v = this.text.slice(this.i + 1, end);
      this.i = end + 1;
      return v;
    }
    const bare = /^[^\s()&|{}"]+/.exec(this.text.slice(this.i));
    if (!bare) this.fail('a value');
    this.i += bare[0].length;
    return bare[0];
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  private accept(token: string): boolean {
    this.space();
    if (!this.text.startsWith(token, this.i)) return false;
    this.i += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) this.fail(`"${token}"`);
  }

  private fail(what: string): never {
    throw new Error(`filter pattern: expected ${what} at ${this.i}: ${this.text}`);
  }
}

function wildcard(value: string): RegExp {
  return new RegExp(`^${value.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function select(event: unknown, path: readonly string[]): unknown {
  let v: unknown = event;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !(key in v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function evaluate(node: Node, event: unknown): boolean {
  switch (node.op) {
    case '&&':
      return evaluate(node.left, event) && evaluate(node.right, event);
    case '||':
      return evaluate(node.left, event) || evaluate(node.right, event);
    default: {
      const v = select(event, node.path);
      if (v === undefined || v === null || typeof v === 'object') return false;
      const equal = wildcard(node.value).test(String(v));
      return node.op === '=' ? equal : !equal;
    }
  }
}

/** A matcher for `pattern`; it throws on syntax outside the subset above. */
export function compileFilterPattern(pattern: string): (message: string) => boolean {
  const tree = new Parser(pattern).parse();
  return (message) => {
    let event: unknown;
    try {
      event = JSON.parse(message);
    } catch {
      return false; // a JSON pattern never matches a message that is not JSON
    }
    return evaluate(tree, event);
  };
}
