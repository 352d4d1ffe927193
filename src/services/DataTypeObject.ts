import { JitError } from '../errors/JitError';
import { convertValue, DATA_TYPE_OBJECT, type DataType } from './dataTypes';

/**
 * What a data type object is built from, as JitAi's "common init parameters" name them (`name`,
 * `title`, `description`, `placeholder`, `value`), plus its type's own parameters (`unit`,
 * `decimal`, `options`, `generic`, `maxLen`…), kept in {@link DataTypeObject.params}.
 */
export interface DataTypeInit {
  value?: unknown;
  name?: string;
  title?: string;
  description?: string;
  placeholder?: string;
  [param: string]: unknown;
}

/** How the runtime builds an object around a value it has already converted. */
export interface DataTypeObjectOptions {
  /** The value is converted already (a function's argument): take it as it is. */
  converted?: boolean;
  /** The zone a Datetime given as text is read in (default the machine's). */
  zone?: string;
}

/**
 * JitAi's data type object: a value of a data type with the type's properties and functions
 * around it, as the data-types page describes them. `value` is the plain value (read-write);
 * the object reads as its value in JSON (`toJSON`) and in arithmetic (`valueOf`), so a `Money`
 * returned by a service is a number in an HTTP answer or a task's result.
 *
 * Built by user code (`datatypes.Money({ value: 850 })`, the value converted as an argument of
 * that type would be, API_PARAMS_ERROR if it does not convert) and by the runtime for a function
 * whose declaration has `argsToDatatype` on.
 */
export class DataTypeObject<V = unknown> {
  /** The data type this object is of. */
  readonly dataType: DataType;
  declare name?: string;
  declare title?: string;
  declare description?: string;
  declare placeholder?: string;
  /** The type's own init parameters as given (`unit`, `decimal`, `options`, `generic`…). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The plain value (null when there is none). */
  value: V;

  constructor(dataType: DataType, init: DataTypeInit = {}, options: DataTypeObjectOptions = {}) {
    this.dataType = dataType;
    const { value, name, title, description, placeholder, ...params } = init;
    Object.assign(this, definedOnly({ name, title, description, placeholder }));
    this.params = params;
    this.value = (options.converted ? (value ?? null) : convertInit(dataType, value, params, options.zone)) as V;
  }

  /** The value as JSON has it: a data type object stands for its value in answers and results. */
  toJSON(): unknown {
    return this.value;
  }

  /** The value, so that `amount * 2` and `amount > 100` read a number type's object as its number. */
  valueOf(): unknown {
    return this.value;
  }

  /** The value as text. */
  toString(): string {
    return this.getDisplayValue();
  }

  /** The value as it is shown (each type words its own; here its text). */
  getDisplayValue(): string {
    if (this.value === null || this.value === undefined) return '';
    return typeof this.value === 'object' ? JSON.stringify(this.value) : String(this.value);
  }

  /** The type's own init parameters (JitAi's `getPrivateJson`). */
  getPrivateJson(): Record<string, unknown> {
    return { ...this.params };
  }
}

// The brand that `convertValue` and the call path recognise without importing this class.
Object.defineProperty(DataTypeObject.prototype, DATA_TYPE_OBJECT, { value: true });

/** A given init value converted as an argument of `dataType` would be (null stays null). */
function convertInit(dataType: DataType, value: unknown, params: Record<string, unknown>, zone?: string): unknown {
  if (value === undefined || value === null) return null;
  const maxLength = dataType === 'Stext' && typeof params.maxLen === 'number' ? params.maxLen : undefined;
  const converted = convertValue(dataType, value, zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, { maxLength });
  if (!converted.ok) throw new JitError('API_PARAMS_ERROR', `datatypes.${dataType}: ${converted.reason}`);
  return converted.value;
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
