import type { ErrorCode } from './ErrorCode';

/** One problem found while loading an app: where it is and what is wrong. */
export interface JitIssue {
  code: ErrorCode;
  /** Absolute path of the file involved, when known. */
  file?: string;
  /** 1-based line and column in `file`, when known. */
  line?: number;
  column?: number;
  /** Key path inside the definition, e.g. `timerCfg.repeat.period`. */
  path?: string;
  /** The element the problem belongs to, when known. */
  fullName?: string;
  message: string;
}

/** Extra fields of a {@link JitError}. */
export interface JitErrorOptions {
  fullName?: string;
  file?: string;
  cause?: unknown;
  issues?: JitIssue[];
  /** Structured details for programmatic use (e.g. `suggestions`). */
  details?: Record<string, unknown>;
}

/**
 * Marks every JitError, whichever copy of jittask made it: an element module may `require` an
 * installed jittask beside the running one, and a parent app may be a package with its own, so
 * `instanceof` against one copy's class would miss another copy's errors.
 */
const BRAND = Symbol.for('jittask.JitError');

/**
 * The one error class of jittask. `code` is stable (see {@link ErrorCode}); when loading finds
 * several problems, `issues` holds all of them and `code` is the first one's.
 */
export class JitError extends Error {
  readonly code: ErrorCode;
  readonly fullName?: string;
  readonly file?: string;
  readonly issues: JitIssue[];
  readonly details: Record<string, unknown>;
  private readonly [BRAND] = true;

  /** True for a JitError of any copy of jittask (with `code`, of that code); `instanceof` says the same. */
  static is(err: unknown, code?: ErrorCode): err is JitError {
    return (
      typeof err === 'object' &&
      err !== null &&
      (err as { [BRAND]?: unknown })[BRAND] === true &&
      (code === undefined || (err as JitError).code === code)
    );
  }

  /** `instanceof JitError` goes by the brand, so it holds across copies of the package too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return JitError.is(value);
  }

  constructor(code: ErrorCode, message: string, options: JitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'JitError';
    this.code = code;
    this.fullName = options.fullName;
    this.file = options.file;
    this.details = options.details ?? {};
    this.issues = options.issues ?? [{ code, message, file: options.file, fullName: options.fullName }];
  }

  /** One error carrying every issue; its code and message lead with the first issue. */
  static fromIssues(issues: JitIssue[]): JitError {
    const first = issues[0];
    if (!first) throw new Error('JitError.fromIssues needs at least one issue');
    const lines = issues.map(formatIssue);
    const head = issues.length === 1 ? (lines[0] ?? '') : `${issues.length} problems:\n  ${lines.join('\n  ')}`;
    return new JitError(first.code, head, { file: first.file, fullName: first.fullName, issues });
  }
}

/** `file:line:column [CODE] path: message`, the form the CLI prints. */
export function formatIssue(issue: JitIssue): string {
  let where = issue.file ?? '';
  if (where && issue.line !== undefined) where += `:${issue.line}:${issue.column ?? 1}`;
  const path = issue.path ? `${issue.path}: ` : '';
  return `${where ? where + ' ' : ''}[${issue.code}] ${path}${issue.message}`;
}

/** True when `err` is a {@link JitError} (of any copy of jittask) with the given code. */
export function isJitError(err: unknown, code?: ErrorCode): err is JitError {
  return JitError.is(err, code);
}
