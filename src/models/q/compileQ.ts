import type { ModelField } from '../ModelField';
import type { ModelTableProfile } from '../ModelTableProfile';
import type { QCheckedNode, QTest } from './resolveQ';

/** What {@link compileQ} writes with: the database's SQL, and the statement's parameters so far. */
export interface QSqlContext {
  profile: ModelTableProfile;
  /** The statement's parameters: compiling appends to it, in the order the placeholders appear. */
  params: unknown[];
  /** A checked value of `field` as the driver takes it (a Boolean as 1/0 in SQLite). */
  encode(field: ModelField, value: unknown): unknown;
}

/**
 * The SQL condition of a checked Q expression. Every value is a parameter, every field name a
 * quoted identifier of a declared field (checked before): nothing of the expression's text ever
 * becomes SQL.
 *
 * NOT is pushed down to the tests (De Morgan), and a negated test is written so that a field
 * without a value matches it (`"f" IS NULL OR "f" <> ?`): SQL's NULL would otherwise leave such a
 * row out of both a test and its negation. Positive tests stay plain (`"f" = ?`), so an index on
 * the field serves them.
 */
export function compileQ(node: QCheckedNode, context: QSqlContext): string {
  return compileNode(node, false, context);
}

function compileNode(node: QCheckedNode, negated: boolean, context: QSqlContext): string {
  switch (node.kind) {
    case 'const':
      return node.value !== negated ? '1 = 1' : '1 = 0';
    case 'not':
      return compileNode(node.child, !negated, context);
    case 'and':
    case 'or': {
      const joiner = (node.kind === 'and') !== negated ? ' AND ' : ' OR ';
      return `(${node.children.map((child) => compileNode(child, negated, context)).join(joiner)})`;
    }
    case 'test':
      return compileTest(node.field, node.test, negated, context);
  }
}

const COMPARISONS = { eq: ['=', '<>'], gt: ['>', '<='], gte: ['>=', '<'], lt: ['<', '>='], lte: ['<=', '>'] } as const;

function compileTest(field: ModelField, test: QTest, negated: boolean, context: QSqlContext): string {
  const { profile } = context;
  const column = quote(field.name);
  const param = (value: unknown): string => {
    context.params.push(value);
    return profile.placeholder(context.params.length);
  };
  const orNull = (sql: string): string => (negated ? `(${column} IS NULL OR ${sql})` : sql);
  switch (test.op) {
    case 'null':
      return `${column} IS ${negated ? 'NOT ' : ''}NULL`;
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const [operator, opposite] = COMPARISONS[test.op];
      // Text is ordered by code point on both databases (equality needs no collation).
      const left = test.op !== 'eq' && profile.columnTypes[field.dataType] === 'TEXT' ? `${column}${profile.textCollation}` : column;
      return orNull(`${left} ${negated ? opposite : operator} ${param(context.encode(field, test.value))}`);
    }
    case 'in': {
      const sql = profile.inList(column, param(profile.listParam(test.values.map((v) => context.encode(field, v)))));
      return orNull(negated ? `NOT (${sql})` : sql);
    }
    case 'like': {
      const sql = profile.likeTest(column, param(profile.likeParam(test.pattern)));
      return orNull(negated ? `NOT (${sql})` : sql);
    }
  }
}

/** An SQL identifier; field names are checked identifiers, quoting keeps keywords and case. */
export function quote(name: string): string {
  return `"${name}"`;
}
