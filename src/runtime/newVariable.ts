import { JitError } from '../errors/JitError';
import { checkDeclaredArguments } from '../services/checkDeclaredArguments';
import { checkFunctionDataTypes } from '../services/checkFunctionDataTypes';
import { createDataTypeObject } from '../services/dataTypeObjects';
import { ROW_DATA_TYPES, type DataType } from '../services/dataTypes';
import type { DataTypeObject } from '../services/DataTypeObject';
import type { FunctionArgument } from '../services/FunctionDeclaration';
import { isPlainObject } from '../services/plainJson';
import { rowModelLookup } from '../services/rowModelLookup';
import type { App } from './App';

/**
 * JitAi's `app.newVariable(config, value)`: a data type object of `config.dataType` holding
 * `value`, converted and checked as an argument declared with that config would be (its
 * `maxLength`, a row type's model `generic`, in the app's zone); the config's other keys (`name`,
 * `title`, `variableList`, `variableConfig`…) are the object's init parameters. A config without a
 * known `dataType`, a bad `maxLength` or `generic`, or a value that does not convert is
 * API_PARAMS_ERROR; nothing is created.
 */
export function newVariable(app: App, config: unknown, value: unknown): DataTypeObject {
  const refuse = (why: string, argument: 'config' | 'value'): never => {
    throw new JitError('API_PARAMS_ERROR', `newVariable: ${why}`, { details: { argument } });
  };
  if (!isPlainObject(config) || typeof config.dataType !== 'string')
    return refuse('config is an object naming a JitAi data type, such as { dataType: "Stext" }', 'config');
  const { dataType, maxLength, generic } = config;
  if (maxLength !== undefined && !(Number.isInteger(maxLength) && (maxLength as number) > 0))
    return refuse(`config.maxLength must be a positive integer; got ${JSON.stringify(maxLength)}`, 'config');
  const declared: FunctionArgument = { name: 'value', dataType, maxLength: maxLength as number | undefined, generic };
  const defineOf = (fullName: string) => {
    try {
      return app.getElementDefine(fullName);
    } catch {
      return undefined;
    }
  };
  const [problem] = checkFunctionDataTypes({ args: [declared] }, 0, defineOf);
  if (problem) return refuse(`config.${String(problem.path[problem.path.length - 1])}: ${problem.message}`, 'config');
  const checked = checkDeclaredArguments({ name: 'newVariable', args: [declared] }, { value }, app.timezone, rowModelLookup(app));
  if (!checked.ok) return refuse(checked.message, 'value');
  // The config's keys but `dataType` (the object's own) and `value` (the argument is the value).
  const init = Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'dataType' && key !== 'value'));
  if (typeof generic === 'string' && ROW_DATA_TYPES.includes(dataType as DataType)) {
    // As a function's RowData argument carries it: the element of the rows' model, and its key.
    init.Model = app.getElement(generic);
    init.pkName = rowModelLookup(app)(generic)?.rowKey;
  }
  return createDataTypeObject(dataType, checked.values[0] ?? null, init);
}
