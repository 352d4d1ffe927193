import { types } from 'node:util';
import { isPlainObject } from '../../services/plainJson';
import { QExpression, combine, conditionNode, lookupObjectNode, qError, type QNode } from './QExpression';

/** The logical connectives of `Q(q1, Q.AND, q2)`. */
const LOGIC = { AND: 'and', OR: 'or' } as const;

/**
 * JitAi's `Q`, in the forms its pages write in JavaScript (and the string form `"Q(…)"` follows):
 *
 * - `Q('age', '>', 18)`: a condition (field, operator, value); operators `=`, `!=`/`ne`, `>`/`gt`,
 *   `>=`/`gte`, `<`/`lt`, `<=`/`lte`, `in`, `nin`, `like`, `nlike`, `startswith`, `endswith`,
 *   `likeany`, `nlikeany`, `isnull`, `range`, `year`;
 * - `Q({ status: 'active', age__gt: 18 })`: Python's `Q(status='active', age__gt=18)`, every key
 *   must match (`field__operator` for another operator than equality);
 * - `Q(q)`: the same expression (the page wraps a single condition so);
 * - `Q(q1, Q.AND, q2)`, `Q(q1, Q.OR, q2, Q.OR, q3)`: a combination (one connective per call:
 *   nest `Q(…)` to mix them);
 * - `Q()`: no condition.
 *
 * and `q.and(other)`, `q.or(other)`, `q.not()` for Python's `&`, `|` and `~`. Field names, operators
 * and values are checked when the expression is used on a model.
 *
 * @throws JitError `API_PARAMS_ERROR` for any other shape of arguments.
 */
export const Q = Object.assign(
  function Q(...args: unknown[]): QExpression {
    return new QExpression(nodeOf(args));
  },
  {
    /** The connective of `Q(q1, Q.AND, q2)`. */
    AND: 'AND' as const,
    /** The connective of `Q(q1, Q.OR, q2)`. */
    OR: 'OR' as const,
  },
);

function nodeOf(args: readonly unknown[]): QNode {
  if (args.length === 0) return combine('and', []);
  const [first] = args;
  if (args.length === 1) {
    if (first instanceof QExpression) return first.node;
    if (!types.isProxy(first) && isPlainObject(first)) return lookupObjectNode(first);
    throw qError('Q(x): expected a Q expression or an object of field values (for a condition: Q(field, operator, value))');
  }
  if (typeof first === 'string') {
    if (args.length !== 3)
      throw qError(`Q('${first}', …): a condition is Q(field, operator, value), with three arguments`, { field: first });
    return conditionNode(first, args[1], args[2]);
  }
  return chainOf(args);
}

/** `q1, Q.AND, q2, Q.AND, q3…`: operands at even places, one connective between each two. */
function chainOf(args: readonly unknown[]): QNode {
  if (args.length % 2 === 0) throw qError('Q(q1, Q.AND, q2): expected Q expressions with a connective (Q.AND or Q.OR) between each two');
  const operands: QNode[] = [];
  let kind: 'and' | 'or' | undefined;
  args.forEach((arg, i) => {
    if (i % 2 === 0) {
      if (!(arg instanceof QExpression)) throw qError(`Q(…): argument ${i + 1} must be a Q expression`);
      operands.push(arg.node);
      return;
    }
    const connective = arg === Q.AND ? LOGIC.AND : arg === Q.OR ? LOGIC.OR : undefined;
    if (connective === undefined) throw qError(`Q(…): argument ${i + 1} must be Q.AND or Q.OR`);
    if (kind !== undefined && kind !== connective)
      throw qError('Q(…): one call joins with Q.AND or with Q.OR, not both: nest Q(…) to mix them');
    kind = connective;
  });
  return combine(kind!, operands);
}
