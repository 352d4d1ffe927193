import { httpStatusOfCode } from '../errors/httpStatusOfCode';
import type { JitError } from '../errors/JitError';

/**
 * The HTTP status that answers `err`: `details.httpStatus` when the server set one (413 for a body
 * over the limit, 415 for one that is not JSON, 405 for a path served for another method, 429 for
 * one event stream too many), else the status its code carries.
 */
export function httpStatusOf(err: JitError): number {
  const set = err.details.httpStatus;
  return typeof set === 'number' ? set : httpStatusOfCode(err.code);
}
