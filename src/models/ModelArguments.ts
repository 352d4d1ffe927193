import { types } from 'node:util';
import { JitError } from '../errors/JitError';
import { isPlainObject } from '../services/plainJson';
import type { ModelField } from './ModelField';
import type { ModelOrder } from './ModelTable';
import { QExpression, lookupObjectNode, type QNode } from './q/QExpression';
import { parseQ } from './q/parseQ';
import { resolveQ, type QCheckedNode } from './q/resolveQ';

/** The keys a paged read takes, in JitAi's order: `query(filter, fieldList, orderList, page, size, level)`. */
export const QUERY_ARGUMENTS = ['filter', 'fieldList', 'orderList', 'page', 'size', 'level'] as const;

/** The keys of `get(filter, orderList, level)`. */
export const GET_ARGUMENTS = ['filter', 'orderList', 'level'] as const;

/**
 * Reads the arguments of one call of a model function (`models.User.query`), refusing what does
 * not fit with `API_PARAMS_ERROR` naming the argument (and the field), before anything is read or
 * written.
 */
export class ModelArguments {
  constructor(
    /** The model's fullName. */
    private readonly model: string,
    /** The function called, for messages. */
    readonly action: string,
    /** Every column of the model: the key first, then the declared fields. */
    private readonly columns: readonly ModelField[],
    /** The app zone, in which a filter's times are read. */
    private readonly zone: string,
  ) {}

  /**
   * JitAi's calling forms of a function whose arguments are `names`: positional
   * (`query(filter, fieldList, orderList, page, size)`), or one object of them by name, as a port
   * writes Python's keywords (`query({ filter, page: 1, size: 10 })`). An object counts as the
   * latter when each of its keys is one of `names`; an object whose keys are also field names of
   * the model could be either, and is refused (write `{ filter: {…} }` or `Q({…})`).
   */
  byName<N extends string>(args: readonly unknown[], names: readonly N[]): Partial<Record<N, unknown>> {
    if (args.length > names.length) this.fail(`takes at most ${names.length} arguments (${names.join(', ')}), got ${args.length}`);
    const [first] = args;
    if (args.length === 1 && !types.isProxy(first) && isPlainObject(first)) {
      const keys = Object.keys(first);
      if (keys.length > 0 && keys.every((key) => (names as readonly string[]).includes(key))) {
        const clash = keys.find((key) => this.columns.some((f) => f.name === key));
        if (clash !== undefined) {
          this.fail(`'${clash}' is both an argument and a field of the model: write { filter: { … } } or Q({ … }) for a filter`, {
            argument: clash,
          });
        }
        return Object.fromEntries(keys.map((key) => [key, first[key]])) as Partial<Record<N, unknown>>;
      }
    }
    return Object.fromEntries(names.map((name, i) => [name, args[i]])) as Partial<Record<N, unknown>>;
  }

  /**
   * A filter, checked against the model: a Q expression, its string form (`"Q(status='active')"`),
   * an object of field values (`{ status: 'active' }`, as `Q({…})`), or null/undefined for none.
   * Null is returned for no condition.
   */
  filter(value: unknown, argument = 'filter'): QCheckedNode | null {
    return resolveQ(this.qNode(value, argument), {
      model: this.model,
      action: this.action,
      fields: this.columns,
      zone: this.zone,
      argument,
    });
  }

  /** JitAi's `orderList`: `[["name", 1], ["age", -1]]` (1 ascending, -1 descending); null, undefined or [] for none. */
  orderList(value: unknown): ModelOrder[] {
    if (value === null || value === undefined) return [];
    const list = this.list(value, 'orderList');
    return list.map((item, i) => {
      const pair = Array.isArray(item) && !types.isProxy(item) ? (item as unknown[]) : [];
      const [name, direction] = pair;
      const field = this.columns.find((f) => f.name === name);
      if (pair.length !== 2 || typeof name !== 'string') this.fail(`orderList[${i}]: expected [field, 1 or -1]`, { argument: 'orderList' });
      if (!field) this.fail(`orderList[${i}]: unknown field '${name}'`, { argument: 'orderList', field: name });
      if (direction !== 1 && direction !== -1) {
        this.fail(`orderList[${i}]: the direction of '${name}' must be 1 (ascending) or -1 (descending)`, {
          argument: 'orderList',
          field: name,
        });
      }
      return { field, descending: direction === -1 };
    });
  }

  /** JitAi's `fieldList`: the fields each row should hold; null, undefined or [] for all. */
  fieldList(value: unknown): string[] | null {
    if (value === null || value === undefined) return null;
    const list = this.list(value, 'fieldList');
    if (list.length === 0) return null;
    return list.map((name, i) => {
      if (typeof name !== 'string' || !this.columns.some((f) => f.name === name)) {
        this.fail(`fieldList[${i}]: unknown field ${JSON.stringify(name)}`, { argument: 'fieldList', field: name });
      }
      return name;
    });
  }

  /** `page` (from 1) and `size`: a limit and offset, or none when neither is given. */
  page(page: unknown, size: unknown): { limit: number; offset: number } | null {
    if ((page === null || page === undefined) && (size === null || size === undefined)) return null;
    if (size === null || size === undefined) this.fail('page needs a size', { argument: 'size' });
    const pageNumber = page === null || page === undefined ? 1 : page;
    if (!Number.isSafeInteger(size) || (size as number) < 1) this.fail('size must be an integer of at least 1', { argument: 'size' });
    if (!Number.isSafeInteger(pageNumber) || (pageNumber as number) < 1)
      this.fail('page must be an integer of at least 1', { argument: 'page' });
    const offset = ((pageNumber as number) - 1) * (size as number);
    if (!Number.isSafeInteger(offset)) this.fail('page × size is beyond the safe integers', { argument: 'page' });
    return { limit: size as number, offset };
  }

  /** JitAi's `level` (how deep related rows are read): jittask models have no relations, so it only has to be valid. */
  level(value: unknown): void {
    if (value === null || value === undefined) return;
    if (!Number.isSafeInteger(value) || (value as number) < 0) this.fail('level must be a non-negative integer', { argument: 'level' });
  }

  /** JitAi's `triggerEvent`: 1/true (the default) or 0/false. */
  triggerEvent(value: unknown): boolean {
    if (value === undefined || value === null || value === 1 || value === true) return true;
    if (value === 0 || value === false) return false;
    return this.fail('triggerEvent must be 1 or 0 (or true/false)', { argument: 'triggerEvent' });
  }

  /** A list argument (`pkList`, `rowDataList`), read once into a copy. */
  list(value: unknown, argument: string): unknown[] {
    if (types.isProxy(value) || !Array.isArray(value)) return this.fail(`${argument} must be a list`, { argument });
    try {
      return [...(value as unknown[])];
    } catch (cause) {
      return this.fail(`${argument} cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, { argument });
    }
  }

  /** Refuses the call: `API_PARAMS_ERROR` with the model, the function and `details`. */
  fail(message: string, details: Record<string, unknown> = {}): never {
    throw new JitError('API_PARAMS_ERROR', `${this.model}.${this.action}: ${message}`, { fullName: this.model, details });
  }

  private qNode(value: unknown, argument: string): QNode {
    if (value === null || value === undefined) return QExpression.EMPTY.node;
    if (value instanceof QExpression) return value.node;
    try {
      if (typeof value === 'string') return parseQ(value);
      if (!types.isProxy(value) && isPlainObject(value)) return lookupObjectNode(value);
    } catch (err) {
      // The Q's own message, said of this call.
      if (JitError.is(err, 'API_PARAMS_ERROR')) this.fail(`${argument}: ${err.message}`, { ...err.details, argument });
      throw err;
    }
    return this.fail(`${argument} must be a Q expression, its string form "Q(…)" or an object of field values`, { argument });
  }
}
