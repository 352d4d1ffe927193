/**
 * The closed list of error codes jittask raises. Each is stable: callers and external tests
 * branch on them. The README's "Error codes" table documents every one.
 */
export const ERROR_CODES = [
  /** No such element, or a parent app's private one. */
  'ELEMENT_NOT_FOUND',
  /** A definition, config or `app.yaml` that does not parse or does not fit its schema. */
  'CONFIG_INVALID',
  /** A `type` chain that names an unknown element, loops, or does not end in a Meta. */
  'TYPE_CHAIN_INVALID',
  /** A child app overrides a `protected` element. */
  'OVERRIDE_FORBIDDEN',
  /** Two folders with one fullName in the same app. */
  'DUPLICATE_ELEMENT',
  /** A cycle in the `extends` chain of apps. */
  'APP_CYCLE',
  /** Arguments of a function call that are undeclared, missing or of the wrong type. */
  'API_PARAMS_ERROR',
  /** A declared function that does not exist, or a call of a function that is not declared. */
  'FUNCTION_NOT_FOUND',
  /** An implementation module that cannot be loaded or does not export a usable class. */
  'MODULE_INVALID',
  /** No task with that id. */
  'TASK_NOT_FOUND',
  /** The task already ended as completed, error or timeout. */
  'TASK_ALREADY_FINISHED',
  /** A database that cannot be opened, migrated or written. */
  'DATABASE_ERROR',
  /** A model whose declared fields conflict with its stored table (a changed type, a removed field). */
  'SCHEMA_CONFLICT',
  /** The app was closed; it takes no more work. */
  'APP_CLOSED',
  /** An HTTP request without a valid bearer token where one is needed (HTTP 401). */
  'UNAUTHORIZED',
  /** An HTTP request whose token (or client address) does not allow what it asks (HTTP 403). */
  'FORBIDDEN',
  /** No HTTP route for the request's method and path (HTTP 404, or 405 for another method). */
  'ROUTE_NOT_FOUND',
  /** A failure that is not a JitError (a service function threw): HTTP 500, its stack logged, never answered. */
  'INTERNAL_ERROR',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];
