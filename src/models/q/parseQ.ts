import { combine, conditionNode, emptyNode, lookupNode, negate, qError, type QNode } from './QExpression';

/** Deeper nesting is refused: no filter a person writes nests so far, and the parser recurses. */
const MAX_NESTING = 32;

/** A token of the string form. */
type Token =
  | { type: 'ident'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'punct'; text: string; at: number }
  | { type: 'end'; at: number };

/**
 * Reads the string form of a Q expression, as JitAi's e.json filters and Python code write it:
 *
 * - `Q(status='active')`, `Q(age__gte=18, status='active')` (keyword form, every key must match);
 * - `Q('age', '>', 18)` (field, operator, value);
 * - `Q(Q1)`, `Q(Q1, Q.AND, Q2)`, `Q(Q1, Q.OR, Q2)`;
 * - `Q1 & Q2`, `Q1 | Q2`, `~Q1`, parentheses (Python's precedence: `~`, then `&`, then `|`);
 * - values: strings in single or double quotes (with backslash escapes), numbers, `True`/`False`/
 *   `None` (or `true`/`false`/`null`), and lists `[…]` or tuples `(…)` of them;
 * - the empty string: no condition.
 *
 * Nothing in the text is run: it is read token by token into a {@link QNode}.
 *
 * @throws JitError `API_PARAMS_ERROR` naming the position of the first thing that does not fit.
 */
export function parseQ(text: string): QNode {
  const parser = new Parser(text);
  if (parser.peek().type === 'end') return emptyNode();
  const node = parser.expression(0);
  parser.expect('end');
  return node;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  /** `or := and ('|' and)*` */
  expression(depth: number): QNode {
    if (depth > MAX_NESTING) throw this.error(this.peek(), `nested more than ${MAX_NESTING} levels deep`);
    const operands = [this.conjunction(depth)];
    while (this.isPunct('|')) {
      this.index++;
      operands.push(this.conjunction(depth));
    }
    return operands.length === 1 ? operands[0]! : combine('or', operands);
  }

  /** `and := unary ('&' unary)*` */
  private conjunction(depth: number): QNode {
    const operands = [this.unary(depth)];
    while (this.isPunct('&')) {
      this.index++;
      operands.push(this.unary(depth));
    }
    return operands.length === 1 ? operands[0]! : combine('and', operands);
  }

  /** `unary := '~' unary | 'Q' '(' args ')' | '(' or ')'` */
  private unary(depth: number): QNode {
    const token = this.peek();
    if (this.isPunct('~')) {
      this.index++;
      return negate(this.unary(depth + 1));
    }
    if (this.isPunct('(')) {
      this.index++;
      const inner = this.expression(depth + 1);
      this.expectPunct(')');
      return inner;
    }
    if (token.type === 'ident' && token.text === 'Q' && this.isPunct('(', 1)) {
      this.index += 2;
      const node = this.qArguments(depth + 1);
      this.expectPunct(')');
      return node;
    }
    throw this.error(token, 'expected Q(…), ~, or (');
  }

  /** What stands between `Q(` and `)`: nothing, keywords, a condition, or expressions joined by Q.AND / Q.OR. */
  private qArguments(depth: number): QNode {
    const first = this.peek();
    if (this.isPunct(')')) return emptyNode();
    if (first.type === 'ident' && first.text !== 'Q' && this.isPunct('=', 1)) return this.keywords();
    if (first.type === 'string') {
      const field = this.value();
      this.expectPunct(',');
      const operator = this.value();
      this.expectPunct(',');
      const value = this.value();
      this.skipTrailingComma();
      if (typeof operator !== 'string') throw this.error(first, 'Q(field, operator, value): the operator must be a string');
      return conditionNode(field, operator, value);
    }
    const operands = [this.expression(depth)];
    let kind: 'and' | 'or' | undefined;
    while (this.isPunct(',') && !this.isPunct(')', 1)) {
      this.index++;
      const at = this.peek();
      const connective = this.connective();
      if (kind !== undefined && kind !== connective)
        throw this.error(at, 'one Q(…) joins with Q.AND or with Q.OR, not both: nest Q(…) to mix them');
      kind = connective;
      this.expectPunct(',');
      operands.push(this.expression(depth));
    }
    this.skipTrailingComma();
    return kind === undefined ? operands[0]! : combine(kind, operands);
  }

  /** `Q.AND` or `Q.OR`. */
  private connective(): 'and' | 'or' {
    const q = this.peek();
    const dot = this.peek(1);
    const name = this.peek(2);
    if (q.type === 'ident' && q.text === 'Q' && dot.type === 'punct' && dot.text === '.' && name.type === 'ident') {
      if (name.text === 'AND' || name.text === 'OR') {
        this.index += 3;
        return name.text === 'AND' ? 'and' : 'or';
      }
    }
    throw this.error(q, 'expected Q.AND or Q.OR');
  }

  /** `name=value, name=value…` */
  private keywords(): QNode {
    const conditions: QNode[] = [];
    for (;;) {
      const name = this.peek();
      if (name.type !== 'ident') throw this.error(name, 'expected a field name');
      this.index++;
      this.expectPunct('=');
      conditions.push(lookupNode(name.text, this.value()));
      if (!this.isPunct(',') || this.isPunct(')', 1)) break;
      this.index++;
    }
    this.skipTrailingComma();
    return combine('and', conditions);
  }

  /** A literal: string, number, boolean, null, or a list or tuple of literals. */
  private value(): unknown {
    const token = this.peek();
    this.index++;
    if (token.type === 'string' || token.type === 'number') return token.value;
    if (token.type === 'ident') {
      if (token.text === 'True' || token.text === 'true') return true;
      if (token.text === 'False' || token.text === 'false') return false;
      if (token.text === 'None' || token.text === 'null') return null;
    }
    if (token.type === 'punct' && (token.text === '[' || token.text === '(')) {
      const close = token.text === '[' ? ']' : ')';
      const items: unknown[] = [];
      while (!this.isPunct(close)) {
        const item = this.peek();
        const value = this.value();
        if (Array.isArray(value)) throw this.error(item, 'a list holds plain values, not lists');
        items.push(value);
        if (!this.isPunct(',')) break;
        this.index++;
      }
      this.expectPunct(close);
      return items;
    }
    throw this.error(token, 'expected a value (a string, a number, True, False, None, or a list)');
  }

  private skipTrailingComma(): void {
    if (this.isPunct(',') && this.isPunct(')', 1)) this.index++;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.text === text;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) throw this.error(this.peek(), `expected '${text}'`);
    this.index++;
  }

  expect(type: 'end'): void {
    const token = this.peek();
    if (token.type !== type) throw this.error(token, 'expected the end of the expression');
  }

  private error(token: Token, message: string): Error {
    const found = token.type === 'end' ? 'the end' : `'${this.text.slice(token.at, token.at + 12)}'`;
    return qError(`filter ${shown(this.text)}: ${message} at character ${token.at + 1} (found ${found})`, { position: token.at + 1 });
  }
}

/** The text in a message: quoted, and cut short when long. */
function shown(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '=', '&', '|', '~', '.']);
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (at: number, message: string): never => {
    throw qError(`filter ${shown(text)}: ${message} at character ${at + 1}`, { position: at + 1 });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      const at = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) fail(at, 'a string that is never closed');
        const d = text[i]!;
        if (d === c) break;
        if (d === '\\') {
          const next = text[i + 1];
          if (next === undefined) fail(i, 'a backslash at the end');
          const hex =
            next === 'u'
              ? /^[0-9a-fA-F]{4}$/.exec(text.slice(i + 2, i + 6))
              : next === 'x'
                ? /^[0-9a-fA-F]{2}$/.exec(text.slice(i + 2, i + 4))
                : null;
          if (hex) {
            value += String.fromCharCode(parseInt(hex[0], 16));
            i += 2 + hex[0].length;
          } else {
            // Python keeps an unknown escape as it stands.
            value += ESCAPES[next!] ?? `\\${next!}`;
            i += 2;
          }
        } else {
          value += d;
          i++;
        }
      }
      i++;
      tokens.push({ type: 'string', value, at });
    } else if (/[\d.+-]/.test(c) && NUMBER.test(text.slice(i)) && !(c === '.' && !/\d/.test(text[i + 1] ?? ''))) {
      const match = NUMBER.exec(text.slice(i))!;
      tokens.push({ type: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
    } else if (IDENT_START.test(c)) {
      const at = i;
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      tokens.push({ type: 'ident', text: text.slice(at, i), at });
    } else if (PUNCTUATION.has(c)) {
      // `==` would be Python's comparison, not a keyword argument.
      if (c === '=' && text[i + 1] === '=') fail(i, "'==' (a keyword argument takes one '=')");
      tokens.push({ type: 'punct', text: c, at: i });
      i++;
    } else {
      fail(i, `unexpected '${c}'`);
    }
  }
  tokens.push({ type: 'end', at: text.length });
  return tokens;
}
