import { JitError } from '../errors/JitError';

/** One segment of a URL path, percent-decoded; broken percent-encoding is the client's mistake: API_PARAMS_ERROR, answered 400. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new JitError('API_PARAMS_ERROR', `the path segment ${JSON.stringify(segment)} is not valid percent-encoding`);
  }
}
