import type { ModelRow, QueryResult } from 'jittask';

/** The rows of a model's `query` (its `rowDatas`). */
export async function rowsOf(result: Promise<QueryResult>): Promise<ModelRow[]> {
  return (await result).rowDatas;
}
