import { JitError } from '../../errors/JitError';
import { convertValue } from '../../services/dataTypes';
import { parseAppTimeMs } from '../../time/parseAppTime';
import type { ModelField } from '../ModelField';
import type { QNode } from './QExpression';
import { UNSUPPORTED_Q_OPERATORS, qOperatorOf, type QOperator } from './qOperators';

/** A piece of a LIKE pattern: text that must appear as it is, or a wildcard (any run of characters, or one character). */
export type LikePart = { text: string } | 'many' | 'one';

/**
 * What a checked condition tests of its field's value. Values are in their checked form: a
 * Datetime as epoch milliseconds, a Date as `YYYY-MM-DD`, a Boolean as true/false, numbers and
 * strings as the field's dataType converts them.
 */
export type QTest =
  | { op: 'null' }
  | { op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; value: unknown }
  | { op: 'in'; values: unknown[] }
  | { op: 'like'; pattern: LikePart[] };

/**
 * A Q expression checked against a model: every field known, every operator allowed for its
 * field's dataType, every value converted. Every node is two-valued: a field without a value
 * fails each positive test but `null`, so NOT of a node matches exactly the rows the node does not.
 */
export type QCheckedNode =
  | { kind: 'and' | 'or'; children: QCheckedNode[] }
  | { kind: 'not'; child: QCheckedNode }
  | { kind: 'const'; value: boolean }
  | { kind: 'test'; field: ModelField; test: QTest };

/** What a Q expression is checked against. */
export interface QModelContext {
  /** The model's fullName and the function called, for messages: `models.User.query`. */
  model: string;
  action: string;
  /** Every column of the model: the key (`id` or the declared key field) and the declared fields. */
  fields: readonly ModelField[];
  /** The app zone, in which Datetime values without an offset are read. */
  zone: string;
  /** The argument the expression was given as (`filter`). */
  argument: string;
}

/** More conditions than this in one filter are refused: SQLite caps an expression's depth at 1000. */
export const MAX_Q_CONDITIONS = 200;

/**
 * Text field types: compared for order (by code point) and searched by the LIKE-style operators.
 * JitAi's single-value text types (Serial, Radio, Dropdown, Dept, Member, Identify, LicensePlate,
 * RichText) are text columns too.
 */
const TEXT: ReadonlySet<string> = new Set([
  'Stext',
  'Ltext',
  'Phone',
  'Email',
  'Url',
  'Time',
  'Date',
  'Serial',
  'Radio',
  'Dropdown',
  'Dept',
  'Member',
  'Identify',
  'LicensePlate',
  'RichText',
]);
/** Field types whose values have an order: numbers, times and text. */
const ORDERED: ReadonlySet<string> = new Set([...TEXT, 'Integer', 'Numeric', 'Money', 'Percent', 'Datetime']);
/**
 * Field types compared for equality: the ordered ones and the yes/no ones. Other types (JSON
 * lists and objects, whose stored text is not their value) take `isnull` only.
 */
const COMPARABLE: ReadonlySet<string> = new Set([...ORDERED, 'Boolean', 'Checkbox']);

/**
 * Checks a Q expression against a model and converts its values by the fields' dataTypes, as
 * writes convert them. `!=`, `nin`, `nlike`, `nlikeany` are NOT of `=`, `in`, `like`, `likeany`
 * (so a field without a value matches them), `range` is `>=` and `<=`, `year` a range of times.
 *
 * @returns null for the empty Q (no condition).
 * @throws JitError `API_PARAMS_ERROR` naming the key (`details.field`, `details.key`) for an unknown
 *   field, an operator that is not one or does not fit the field, or a value of the wrong type.
 */
export function resolveQ(node: QNode, context: QModelContext): QCheckedNode | null {
  return resolveNode(node, context, { conditions: 0 });
}

function resolveNode(node: QNode, context: QModelContext, state: { conditions: number }): QCheckedNode | null {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const children = node.children.map((child) => resolveNode(child, context, state)).filter((c): c is QCheckedNode => c !== null);
      if (children.length === 0) return null;
      return children.length === 1 ? children[0]! : { kind: node.kind, children };
    }
    case 'not': {
      const child = resolveNode(node.child, context, state);
      return child === null ? null : { kind: 'not', child };
    }
    case 'cond':
      state.conditions += 1;
      if (state.conditions > MAX_Q_CONDITIONS) {
        throw fail(context, node.key, `more than ${MAX_Q_CONDITIONS} conditions in one filter (for many values of one field, use 'in')`, {
          field: node.field,
        });
      }
      return resolveCondition(node, context);
  }
}

function resolveCondition(node: Extract<QNode, { kind: 'cond' }>, context: QModelContext): QCheckedNode {
  const { key } = node;
  const field = context.fields.find((f) => f.name === node.field);
  if (!field) {
    throw fail(context, key, `'${key}': unknown field '${node.field}' (the fields: ${context.fields.map((f) => f.name).join(', ')})`, {
      field: node.field,
    });
  }
  const op = qOperatorOf(node.operator);
  if (op === undefined)
    throw fail(context, key, `'${key}': unknown operator '${node.operator}'`, { field: field.name, operator: node.operator });
  if (UNSUPPORTED_Q_OPERATORS.has(op)) {
    throw fail(context, key, `'${key}': the operator '${node.operator}' is not supported by jittask`, {
      field: field.name,
      operator: node.operator,
    });
  }
  return new ConditionReader(context, key, field, node.operator, op).read(node.value);
}

/** Reads one condition's value for its operator and field. */
class ConditionReader {
  constructor(
    private readonly context: QModelContext,
    private readonly key: string,
    private readonly field: ModelField,
    private readonly written: string,
    private readonly op: QOperator,
  ) {}

  read(value: unknown): QCheckedNode {
    const type = this.field.dataType as string;
    switch (this.op) {
      case 'isnull': {
        const isNull =
          value === true || value === 1 ? true : value === false || value === 0 ? false : this.refuse('expected 1 or 0 (or true/false)');
        const test: QCheckedNode = this.test({ op: 'null' });
        return isNull ? test : { kind: 'not', child: test };
      }
      case 'eq':
      case 'ne': {
        this.allow(COMPARABLE.has(type));
        const test = value === null ? this.test({ op: 'null' }) : this.test({ op: 'eq', value: this.scalar(value) });
        return this.op === 'eq' ? test : { kind: 'not', child: test };
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        this.allow(ORDERED.has(type));
        if (value === null) this.refuse('expected a value, not null (for no value, use isnull)');
        return this.test({ op: this.op, value: this.scalar(value) });
      case 'in':
      case 'nin': {
        this.allow(COMPARABLE.has(type));
        const values = this.list(value).map((item) => this.scalar(item));
        const test: QCheckedNode = values.length === 0 ? { kind: 'const', value: false } : this.test({ op: 'in', values });
        return this.op === 'in' ? test : { kind: 'not', child: test };
      }
      case 'range': {
        this.allow(ORDERED.has(type));
        const bounds = this.list(value);
        if (bounds.length !== 2) this.refuse('expected two bounds [from, to]');
        const [from, to] = bounds.map((b) => this.scalar(b));
        return { kind: 'and', children: [this.test({ op: 'gte', value: from }), this.test({ op: 'lte', value: to })] };
      }
      case 'year':
        return this.year(value, type);
      case 'like':
      case 'nlike': {
        this.allow(TEXT.has(type));
        const test = this.test({ op: 'like', pattern: containsPattern(this.text(value)) });
        return this.op === 'like' ? test : { kind: 'not', child: test };
      }
      case 'startswith':
      case 'endswith': {
        this.allow(TEXT.has(type));
        const literal = { text: this.text(value) };
        return this.test({ op: 'like', pattern: this.op === 'startswith' ? [literal, 'many'] : ['many', literal] });
      }
      case 'likeany':
      case 'nlikeany': {
        this.allow(TEXT.has(type));
        const tests = this.list(value).map((item) => this.test({ op: 'like', pattern: containsPattern(this.text(item)) }));
        const any: QCheckedNode =
          tests.length === 0 ? { kind: 'const', value: false } : tests.length === 1 ? tests[0]! : { kind: 'or', children: tests };
        return this.op === 'likeany' ? any : { kind: 'not', child: any };
      }
      default:
        // The unsupported ones were refused before.
        return this.refuse(`the operator '${this.written}' is not supported by jittask`);
    }
  }

  /** `year`: the field's values within that calendar year (of the app zone, for a Datetime). */
  private year(value: unknown, type: string): QCheckedNode {
    this.allow(type === 'Date' || type === 'Datetime');
    const year = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 9998) this.refuse('expected a year, 1 to 9998');
    const y = String(year).padStart(4, '0');
    if (type === 'Date') {
      return { kind: 'and', children: [this.test({ op: 'gte', value: `${y}-01-01` }), this.test({ op: 'lte', value: `${y}-12-31` })] };
    }
    const next = String(year + 1).padStart(4, '0');
    return {
      kind: 'and',
      children: [
        this.test({ op: 'gte', value: parseAppTimeMs(`${y}-01-01 00:00:00`, this.context.zone) }),
        this.test({ op: 'lt', value: parseAppTimeMs(`${next}-01-01 00:00:00`, this.context.zone) }),
      ],
    };
  }

  private test(test: QTest): QCheckedNode {
    return { kind: 'test', field: this.field, test };
  }

  /** One value of the field's dataType, converted as a write converts it; a Datetime may also be a date (its midnight). */
  private scalar(value: unknown): unknown {
    if (value === null || value === undefined) this.refuse('expected a value, not null');
    if (this.field.dataType === 'Datetime') {
      const ms =
        parseAppTimeMs(value, this.context.zone) ??
        (typeof value === 'string' && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(value)
          ? parseAppTimeMs(`${value.trim()} 00:00:00`, this.context.zone)
          : null);
      return ms ?? this.refuse('expected a time YYYY-MM-DD HH:mm:ss (or a date YYYY-MM-DD), ISO 8601 with offset, a Date or a DateTime');
    }
    const converted = convertValue(this.field.dataType, value, this.context.zone, { maxLength: this.field.maxLength });
    return converted.ok ? converted.value : this.refuse(converted.reason);
  }

  private list(value: unknown): unknown[] {
    return Array.isArray(value) ? (value as unknown[]) : this.refuse('expected a list of values');
  }

  private text(value: unknown): string {
    return typeof value === 'string' ? value : this.refuse('expected a string');
  }

  private allow(allowed: boolean): void {
    if (!allowed) this.refuse(`the operator '${this.written}' does not apply to a ${this.field.dataType} field`);
  }

  private refuse(reason: string): never {
    throw fail(this.context, this.key, `'${this.key}' (${this.field.dataType}) ${this.written}: ${reason}`, {
      field: this.field.name,
      operator: this.written,
    });
  }
}

/**
 * `like`: the value anywhere in the text. As in SQL's LIKE (and JitAi's `name__like='%John%'`),
 * `%` in the value is any run of characters and `_` any one character; everything else is itself.
 */
function containsPattern(value: string): LikePart[] {
  const parts: LikePart[] = ['many'];
  let literal = '';
  for (const c of value) {
    if (c === '%' || c === '_') {
      if (literal !== '') parts.push({ text: literal });
      literal = '';
      parts.push(c === '%' ? 'many' : 'one');
    } else {
      literal += c;
    }
  }
  if (literal !== '') parts.push({ text: literal });
  parts.push('many');
  return parts;
}

function fail(context: QModelContext, key: string, message: string, details: Record<string, unknown> = {}): JitError {
  return new JitError('API_PARAMS_ERROR', `${context.model}.${context.action}: ${context.argument}: ${message}`, {
    fullName: context.model,
    details: { argument: context.argument, key, field: key, ...details },
  });
}
