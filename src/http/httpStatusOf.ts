import type { ErrorCode } from '../errors/ErrorCode';
import type { JitError } from '../errors/JitError';

/** The HTTP status of each code a call can fail with (SPEC: the HTTP API's statuses); any other is 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  API_PARAMS_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ELEMENT_NOT_FOUND: 404,
  FUNCTION_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  TASK_ALREADY_FINISHED: 409,
  APP_CLOSED: 503,
};

/**
 * The HTTP status that answers `err`: `details.httpStatus` when the server set one (413 for a body
 * over the limit, 415 for one that is not JSON, 405 for a path served for another method), else
 * the status of its code.
 */
export function httpStatusOf(err: JitError): number {
  const set = err.details.httpStatus;
  return typeof set === 'number' ? set : (STATUS[err.code] ?? 500);
}
