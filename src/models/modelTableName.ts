import type { ElementDefine } from '../runtime/ElementDefinition';

/** The table a model's rows live in: `table` if given, else `m_` and the fullName with dots as underscores (`m_models_Meeting`). */
export function modelTableName(define: ElementDefine): string {
  return typeof define.table === 'string' ? define.table : `m_${define.fullName.replace(/\./g, '_')}`;
}
