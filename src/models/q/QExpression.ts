import { types } from 'node:util';
import { JitError } from '../../errors/JitError';
import { isPlainObject } from '../../services/plainJson';
import { qOperatorOf } from './qOperators';

/**
 * A Q expression as written, before it meets a model: conditions on field names with operators as
 * spelled, combined with AND, OR and NOT. An AND without children is the empty Q, which matches
 * every row. Nothing is checked against a model here (see `resolveQ`).
 */
export type QNode =
  | {
      kind: 'cond';
      /** The key as written: `age`, or `age__gt` in the lookup form. */
      key: string;
      field: string;
      /** The operator as written: `=`, `gt`, `in`, … */
      operator: string;
      value: unknown;
    }
  | { kind: 'and' | 'or'; children: readonly QNode[] }
  | { kind: 'not'; child: QNode };

const EMPTY: QNode = { kind: 'and', children: [] };

/**
 * A Q expression (JitAi's `Q`): build one with `Q(...)`, combine with {@link and}, {@link or} and
 * {@link not} (Python's `&`, `|` and `~`). As in JitAi (and Django), an empty Q stands for no
 * condition: combined with another it gives the other, so a filter may be built up from `Q()` in a
 * loop. Immutable: each method returns a new expression.
 */
export class QExpression {
  /** The empty Q: no condition. */
  static readonly EMPTY = new QExpression(EMPTY);

  constructor(
    /** The expression's tree. */
    readonly node: QNode,
  ) {}

  /** True for the empty Q (no condition: every row matches). */
  get isEmpty(): boolean {
    return isEmptyNode(this.node);
  }

  /** This AND `other` (Python's `q1 & q2`). */
  and(other: QExpression): QExpression {
    return new QExpression(combine('and', [this.node, nodeOfOperand(other, 'and')]));
  }

  /** This OR `other` (Python's `q1 | q2`). */
  or(other: QExpression): QExpression {
    return new QExpression(combine('or', [this.node, nodeOfOperand(other, 'or')]));
  }

  /** NOT this (Python's `~q`): exactly the rows this does not match (a field without a value included). */
  not(): QExpression {
    return new QExpression(negate(this.node));
  }
}

/** The node of `a OP b OP …`, empty operands left out and nested ones of the same kind flattened. */
export function combine(kind: 'and' | 'or', operands: readonly QNode[]): QNode {
  const children: QNode[] = [];
  for (const operand of operands) {
    if (isEmptyNode(operand)) continue;
    if (operand.kind === kind) children.push(...operand.children);
    else children.push(operand);
  }
  if (children.length === 0) return EMPTY;
  if (children.length === 1) return children[0]!;
  return { kind, children };
}

/** NOT `node`; the empty Q stays empty (no condition), a double negation cancels out. */
export function negate(node: QNode): QNode {
  if (isEmptyNode(node)) return EMPTY;
  return node.kind === 'not' ? node.child : { kind: 'not', child: node };
}

/** The empty Q. */
export function emptyNode(): QNode {
  return EMPTY;
}

function isEmptyNode(node: QNode): boolean {
  return node.kind === 'and' && node.children.length === 0;
}

/**
 * One condition of the lookup form: `status` (equals), or `age__gt` when what follows the last
 * `__` is an operator name. Any other key is a field name as it stands (checked later).
 */
export function lookupNode(key: string, value: unknown): QNode {
  const cut = key.lastIndexOf('__');
  if (cut > 0 && qOperatorOf(key.slice(cut + 2)) !== undefined) {
    return { kind: 'cond', key, field: key.slice(0, cut), operator: key.slice(cut + 2), value: snapshot(value, key) };
  }
  return { kind: 'cond', key, field: key, operator: '=', value: snapshot(value, key) };
}

/** The condition `Q(field, operator, value)`. */
export function conditionNode(field: unknown, operator: unknown, value: unknown): QNode {
  if (typeof field !== 'string' || field === '') throw qError('Q(field, operator, value): the field must be a non-empty string');
  if (typeof operator !== 'string') throw qError(`Q('${field}', operator, value): the operator must be a string`, { field });
  return { kind: 'cond', key: field, field, operator, value: snapshot(value, field) };
}

/** The AND of the conditions of an object of field values in the lookup form (`{ status: 'active', age__gt: 18 }`). */
export function lookupObjectNode(values: unknown): QNode {
  if (types.isProxy(values) || !isPlainObject(values)) throw qError('Q({...}): expected a plain object of field values');
  return combine(
    'and',
    Object.entries(values).map(([key, value]) => lookupNode(key, value)),
  );
}

function nodeOfOperand(other: unknown, method: string): QNode {
  if (other instanceof QExpression) return other.node;
  throw qError(`Q.${method}(other): expected a Q expression`);
}

/**
 * The value as it is now: a list is copied, so that editing it after building the Q changes
 * nothing. A Proxy is refused before any of its traps run.
 */
function snapshot(value: unknown, key: string): unknown {
  if (types.isProxy(value)) throw qError(`'${key}': a Proxy is not a value`, { field: key });
  if (!Array.isArray(value)) return value;
  let copy: unknown[];
  try {
    copy = [...(value as unknown[])];
  } catch (cause) {
    throw qError(`'${key}': the list cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, { field: key });
  }
  if (copy.some((item) => types.isProxy(item))) throw qError(`'${key}': a Proxy is not a value`, { field: key });
  return copy;
}

/** A malformed Q, found before it meets a model. */
export function qError(message: string, details: Record<string, unknown> = {}): JitError {
  return new JitError('API_PARAMS_ERROR', message, { details: { argument: 'filter', ...details } });
}
