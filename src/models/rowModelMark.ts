import type { ModelRow } from './ModelField';

/**
 * A base "class" whose constructor returns the object it is given: a subclass's private field is
 * then added to that object, not to a new one.
 */
const Identity = function (this: unknown, row: object) {
  return row;
} as unknown as new (row: object) => object;

/**
 * Marks row objects with the model that returned them, in a private field. A WeakMap would do the
 * same, but costs about 20 times as much per row (a query of 100 rows spent more on marking them
 * than on reading them); a symbol property would show in `Object.getOwnPropertySymbols` and in
 * deep equality. The private field is invisible to keys, JSON and spreading (a copy is not marked),
 * and the row stays a plain object.
 */
class RowModelMark extends Identity {
  #model: string;

  private constructor(row: ModelRow, model: string) {
    super(row);
    this.#model = model;
  }

  /** Marks `row` as returned by `model`, unless it is marked already. */
  static mark(row: ModelRow, model: string): ModelRow {
    if (!(#model in row)) new RowModelMark(row, model);
    return row;
  }

  /** The model `row` was marked with, if any. */
  static modelOf(row: object): string | undefined {
    return #model in row ? row.#model : undefined;
  }
}

/** Marks `row` as returned by the model `model` (the first mark stays); returns it. */
export function markRowModel(row: ModelRow, model: string): ModelRow {
  return RowModelMark.mark(row, model);
}

/** The model a row object was returned by, if it was returned by one. */
export function rowModelOf(row: object): string | undefined {
  return RowModelMark.modelOf(row);
}
