/**
 * The visibility list filter the SDK and the Temporal UI send, over built-in and custom search attributes:
 *
 *   query     := [expr] [ORDER BY field [ASC|DESC] {, field [ASC|DESC]}]
 *   expr      := and {OR and}        and := term {AND term}        term := '(' expr ')' | condition
 *   condition := field (= | != | <> | < | <= | > | >=) value
 *              | field [NOT] IN '(' value {, value} ')'
 *              | field [NOT] BETWEEN value AND value
 *              | field STARTS_WITH value
 *              | field IS [NOT] NULL
 *
 * Keywords are case-insensitive; values are 'single' or "double" quoted strings (quote doubled or backslash-escaped
 * inside), numbers or true/false; fields may be `backquoted`. Times (StartTime, CloseTime, ExecutionTime and Datetime
 * custom attributes) compare as instants given in RFC 3339. ExecutionStatus compares by name (Running, Completed, ...).
 * A custom attribute holding a list (KeywordList) matches when any element does. Errors say where the query went wrong,
 * never what it said (a query may carry personal data).
 */
import { invalidArgument } from '../grpc/errors';

export type Scalar = string | number | boolean;
export type FieldValue = Scalar | Scalar[] | null;

/** What a query can see of an execution: a field's value (null when unset), by name. */
export type FieldReader = (field: string) => FieldValue;

export interface OrderBy {
  field: string;
  descending: boolean;
}

export interface VisibilityQuery {
  matches(read: FieldReader): boolean;
  orderBy: OrderBy[];
}

/** Built-in attributes holding instants: values given as strings are parsed to epoch milliseconds. */
const TIME_FIELDS = new Set(['starttime', 'closetime', 'executiontime']);

type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'end'; pos: number };

function fail(pos: number, what: string): never {
  throw invalidArgument(`invalid visibility query at position ${pos + 1}: ${what}`);
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      let text = '';
      i++;
      for (;;) {
        if (i >= q.length) fail(start, 'unterminated quoted text');
        const d = q[i] ?? '';
        if (d === '\\' && i + 1 < q.length) {
          text += q[i + 1] ?? '';
          i += 2;
        } else if (d === c && q[i + 1] === c) {
          text += c;
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      out.push(c === '`' ? { kind: 'ident', text, pos: start } : { kind: 'string', text, pos: start });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(q.slice(i));
    if (num && (c !== '-' || /\d/.test(q[i + 1] ?? ''))) {
      out.push({ kind: 'number', value: Number(num[0]), pos: start });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
    if (ident) {
      out.push({ kind: 'ident', text: ident[0], pos: start });
      i += ident[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>|\(|\)|,)/.exec(q.slice(i));
    if (op) {
      out.push({ kind: 'op', text: op[0], pos: start });
      i += op[0].length;
      continue;
    }
    fail(start, 'unexpected character');
  }
  out.push({ kind: 'end', pos: q.length });
  return out;
}

type Pred = (read: FieldReader) => boolean;
type Cmp = '=' | '!=' | '<' | '<=' | '>' | '>=';

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i] ?? { kind: 'end', pos: 0 };
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }
  private isKeyword(word: string, t = this.peek()): boolean {
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  private keyword(word: string): void {
    const t = this.next();
    if (!this.isKeyword(word, t)) fail(t.pos, `expected ${word}`);
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private op(text: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) fail(t.pos, `expected ${text}`);
  }

  parse(): VisibilityQuery {
    let pred: Pred = () => true;
    if (this.peek().kind !== 'end' && !this.isKeyword('ORDER')) pred = this.expr();
    const orderBy: OrderBy[] = [];
    if (this.isKeyword('ORDER')) {
      this.next();
      this.keyword('BY');
      do {
        if (orderBy.length > 0) this.next();
        const f = this.field();
        let descending = false;
        if (this.isKeyword('DESC')) {
          this.next();
          descending = true;
        } else if (this.isKeyword('ASC')) this.next();
        orderBy.push({ field: f, descending });
      } while (this.isOp(','));
    }
    const end = this.peek();
    if (end.kind !== 'end') fail(end.pos, 'unexpected text after the filter');
    return { matches: pred, orderBy };
  }

  private expr(): Pred {
    const parts = [this.and()];
    while (this.isKeyword('OR')) {
      this.next();
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as Pred) : (r) => parts.some((p) => p(r));
  }

  private and(): Pred {
    const parts = [this.term()];
    while (this.isKeyword('AND')) {
      this.next();
      parts.push(this.term());
    }
    return parts.length === 1 ? (parts[0] as Pred) : (r) => parts.every((p) => p(r));
  }

  private term(): Pred {
    if (this.isOp('(')) {
      this.next();
      const p = this.expr();
      this.op(')');
      return p;
    }
    return this.condition();
  }

  private field(): string {
    const t = this.next();
    if (t.kind !== 'ident') fail(t.pos, 'expected a search attribute name');
    return t.text;
  }

  private value(field: string): Scalar {
    const t = this.next();
    if (t.kind === 'number') return t.value;
    if (t.kind === 'string') return TIME_FIELDS.has(field.toLowerCase()) ? timeOf(t.text, t.pos) : t.text;
    if (t.kind === 'ident' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    return fail(t.pos, 'expected a value');
  }

  private condition(): Pred {
    const field = this.field();
    const t = this.peek();
    if (this.isKeyword('IS')) {
      this.next();
      const negate = this.isKeyword('NOT') ? (this.next(), true) : false;
      this.keyword('NULL');
      return (r) => (r(field) === null) !== negate;
    }
    const negate = this.isKeyword('NOT') ? (this.next(), true) : false;
    if (this.isKeyword('IN')) {
      this.next();
      this.op('(');
      const values = [this.value(field)];
      while (this.isOp(',')) {
        this.next();
        values.push(this.value(field));
      }
      this.op(')');
      return (r) => anyOf(r(field), (v) => values.some((w) => compare(field, v, '=', w))) !== negate;
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const lo = this.value(field);
      this.keyword('AND');
      const hi = this.value(field);
      return (r) =>
        anyOf(r(field), (v) => compare(field, v, '>=', lo) && compare(field, v, '<=', hi)) !== negate;
    }
    if (negate) fail(t.pos, 'expected IN or BETWEEN after NOT');
    if (this.isKeyword('STARTS_WITH')) {
      this.next();
      const prefix = this.value(field);
      return (r) =>
        anyOf(r(field), (v) => typeof v === 'string' && typeof prefix === 'string' && v.startsWith(prefix));
    }
    const o = this.next();
    if (o.kind !== 'op' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(o.text))
      fail(o.pos, 'expected a comparison');
    const cmp = (o.text === '<>' ? '!=' : o.text) as Cmp;
    const value = this.value(field);
    if (cmp === '!=')
      return (r) => r(field) !== null && !anyOf(r(field), (v) => compare(field, v, '=', value));
    return (r) => anyOf(r(field), (v) => compare(field, v, cmp, value));
  }
}

function timeOf(text: string, pos: number): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) fail(pos, 'expected a time in RFC 3339 form');
  return ms;
}

function anyOf(v: FieldValue, fn: (s: Scalar) => boolean): boolean {
  if (v === null) return false;
  return Array.isArray(v) ? v.some(fn) : fn(v);
}

function compare(field: string, a: Scalar, cmp: Cmp, b: Scalar): boolean {
  let x: Scalar = a;
  let y: Scalar = b;
  if (field.toLowerCase() === 'executionstatus' && typeof x === 'string' && typeof y === 'string') {
    x = x.toLowerCase().replace(/_/g, '');
    y = y.toLowerCase().replace(/_/g, '');
  } else if (typeof x === 'number' && typeof y === 'string') {
    // A Datetime custom attribute compared with a time given as text.
    const t = Date.parse(y);
    if (!Number.isNaN(t)) y = t;
  }
  switch (cmp) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

export function parseVisibilityQuery(query: string): VisibilityQuery {
  return new Parser(tokenize(query)).parse();
}

/** Sorts by the query's ORDER BY (nulls last), else newest start first. */
export function compareBy(orderBy: OrderBy[]): (a: FieldReader, b: FieldReader) => number {
  const keys: OrderBy[] = orderBy.length > 0 ? orderBy : [{ field: 'StartTime', descending: true }];
  return (a, b) => {
    for (const k of keys) {
      const x = first(a(k.field));
      const y = first(b(k.field));
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = x < y ? -1 : 1;
      return k.descending ? -c : c;
    }
    return 0;
  };
}

function first(v: FieldValue): Scalar | null {
  return Array.isArray(v) ? (v[0] ?? null) : v;
}
