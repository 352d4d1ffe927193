/**
 * The operators a Q condition may name, as JitAi's Q-expression page lists them: each spelling
 * (`>` or `gt`, as in `Q('age', 'gt', 18)` and in the lookup `age__gt`) and the operator it means.
 * This is the closed list: any other name is refused.
 */
export const Q_OPERATORS = {
  '=': 'eq',
  eq: 'eq',
  '!=': 'ne',
  ne: 'ne',
  '>': 'gt',
  gt: 'gt',
  '>=': 'gte',
  gte: 'gte',
  '<': 'lt',
  lt: 'lt',
  '<=': 'lte',
  lte: 'lte',
  in: 'in',
  nin: 'nin',
  like: 'like',
  nlike: 'nlike',
  startswith: 'startswith',
  endswith: 'endswith',
  likeany: 'likeany',
  nlikeany: 'nlikeany',
  isnull: 'isnull',
  range: 'range',
  year: 'year',
  month: 'month',
  week: 'week',
  day: 'day',
  belong: 'belong',
  nbelong: 'nbelong',
  province: 'province',
  city: 'city',
  district: 'district',
} as const;

/** An operator as written. */
export type QOperatorName = keyof typeof Q_OPERATORS;

/** An operator, whichever way it was written. */
export type QOperator = (typeof Q_OPERATORS)[QOperatorName];

/**
 * Operators JitAi's page lists that jittask does not carry out: the address ones need JitAi's
 * Address type, and month/week/day matching is not defined by the page (of which calendar, which
 * week numbering). A condition with one is refused, never read some other way.
 */
export const UNSUPPORTED_Q_OPERATORS: ReadonlySet<QOperator> = new Set([
  'month',
  'week',
  'day',
  'belong',
  'nbelong',
  'province',
  'city',
  'district',
]);

/** The operator `name` means, or undefined when it is not one. */
export function qOperatorOf(name: string): QOperator | undefined {
  return Object.prototype.hasOwnProperty.call(Q_OPERATORS, name) ? Q_OPERATORS[name as QOperatorName] : undefined;
}
