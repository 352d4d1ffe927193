import type { ErrorCode } from './ErrorCode';

/**
 * The HTTP status that answers each code, kept beside the codes so a new code cannot be added
 * without choosing one (the record is complete; the compiler says which is missing). The codes
 * of loading and of the database are the server's own failure: 500.
 */
const STATUS: Readonly<Record<ErrorCode, number>> = {
  ELEMENT_NOT_FOUND: 404,
  CONFIG_INVALID: 500,
  TYPE_CHAIN_INVALID: 500,
  OVERRIDE_FORBIDDEN: 500,
  DUPLICATE_ELEMENT: 500,
  APP_CYCLE: 500,
  API_PARAMS_ERROR: 400,
  FUNCTION_NOT_FOUND: 404,
  MODULE_INVALID: 500,
  TASK_NOT_FOUND: 404,
  TASK_ALREADY_FINISHED: 409,
  DATABASE_ERROR: 500,
  SCHEMA_CONFLICT: 500,
  APP_CLOSED: 503,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ROUTE_NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
};

/**
 * The HTTP status of `code`; 500 for a value that is no code (an error of another copy of jittask
 * with a code this one does not know).
 */
export function httpStatusOfCode(code: ErrorCode): number {
  return (STATUS as Partial<Record<string, number>>)[code] ?? 500;
}
