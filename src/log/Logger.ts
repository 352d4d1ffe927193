import { escapeControlCharacters } from './escapeControlCharacters';
import { LOG_LEVELS, type LogFormat, type LogLevel } from './LogLevel';
import { standardStreams, type LogSink } from './LogSink';

/** Values a line carries besides its message, by name. */
export type LogFields = Readonly<Record<string, unknown>>;

/** How a {@link Logger} writes: each defaults to what `settings.log` defaults to. */
export interface LoggerOptions {
  /** `text` (default) or `json`. */
  format?: LogFormat;
  /** The least severe level written (default `info`). */
  level?: LogLevel;
  /** Where lines go (default: stderr for errors and warnings, stdout for the rest). */
  sink?: LogSink;
  /** The time of a JSON line, epoch ms (default `Date.now`). */
  now?: () => number;
}

/** Keys every JSON line has; a field of the same name is written as `_<name>`. */
const RESERVED = new Set(['time', 'level', 'msg']);
const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * jittask's one logger: levels, and lines as text or JSON. A message is a template whose `{name}`
 * placeholders are filled from the fields; the other fields follow it (`  name=value` in text, keys
 * in JSON). Every value, the message included, goes out with its control characters escaped, so
 * nothing a task or a client sends can start a line of its own: in text `\n`, `\r`, `\t` or
 * `\uXXXX`; in JSON the escapes of JSON, line and paragraph separators included. An Error is
 * written with its code and stack (in text, the stack on the same line).
 */
export class Logger {
  /** `text` or `json`. */
  readonly format: LogFormat;
  /** The least severe level written. */
  readonly level: LogLevel;
  private readonly sink: LogSink;
  private readonly now: () => number;
  private bound: LogFields = {};

  constructor(options: LoggerOptions = {}) {
    this.format = options.format ?? 'text';
    this.level = options.level ?? 'info';
    this.sink = options.sink ?? standardStreams;
    this.now = options.now ?? Date.now;
  }

  /** A logger writing to the same place that adds `fields` to every line (a component, a worker id). */
  child(fields: LogFields): Logger {
    const child = new Logger({ format: this.format, level: this.level, sink: this.sink, now: this.now });
    child.bound = { ...this.bound, ...fields };
    return child;
  }

  /** True when lines of `level` are written: check it before building costly fields. */
  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }

  /** A failure someone must look at. */
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  /** Something went wrong and was handled (a retry, a dropped client). */
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  /** What the process does (runs starting and ending, the server listening). */
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  /** Detail for whoever debugs. */
  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  /** Writes one line at `level`, if that level is written. */
  write(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const all = { ...this.bound, ...fields };
    this.sink.write(level, this.format === 'json' ? this.jsonLine(level, message, all) : textLine(level, message, all));
  }

  private jsonLine(level: LogLevel, message: string, fields: LogFields): string {
    const record: Record<string, unknown> = {
      time: new Date(this.now()).toISOString(),
      level,
      msg: message.replace(PLACEHOLDER, (whole, name: string) => (name in fields ? plainText(fields[name]) : whole)),
    };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) record[RESERVED.has(key) ? `_${key}` : key] = jsonSafe(value);
    }
    // JSON escapes C0 controls already; what remains raw (DEL, C1, separators, bidi marks) is escaped too.
    return escapeControlCharacters(JSON.stringify(record));
  }
}

/** `message  name=value  name=value`, errors and warnings led by their level, everything escaped. */
function textLine(level: LogLevel, message: string, fields: LogFields): string {
  const used = new Set<string>();
  let line = message.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in fields)) return whole;
    used.add(name);
    return plainText(fields[name]);
  });
  for (const [key, value] of Object.entries(fields)) {
    if (!used.has(key) && value !== undefined) line += `  ${key}=${plainText(value)}`;
  }
  return escapeControlCharacters(level === 'info' ? line : `${level}: ${line}`);
}

/** A value as text (not yet escaped): strings as they are, errors with code and stack, objects as JSON. */
function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return errorText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(jsonSafe(value)) ?? ownText(value);
    } catch {
      return ownText(value);
    }
  }
  return String(value);
}

function errorText(err: Error): string {
  const code = (err as { code?: unknown }).code;
  const text = err.stack ?? `${err.name}: ${err.message}`;
  return typeof code === 'string' ? `[${code}] ${text}` : text;
}

/**
 * `value` as JSON can hold it: errors as `{ name, message, code?, stack }`, bigints as strings; a
 * value JSON cannot write (a cycle) as its text.
 */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  try {
    return JSON.parse(
      JSON.stringify(value, (_key, inner: unknown) => {
        if (inner instanceof Error) {
          const code = (inner as { code?: unknown }).code;
          return { name: inner.name, message: inner.message, ...(code === undefined ? {} : { code }), stack: inner.stack };
        }
        return typeof inner === 'bigint' ? inner.toString() : inner;
      }) ?? 'null',
    ) as unknown;
  } catch {
    return ownText(value);
  }
}

/** The last resort for what JSON cannot write (a cycle): the value's own `toString`, `[object Object]` included. */
function ownText(value: unknown): string {
  // Deliberate: some text of the value beats none in a log line.
  return String(value);
}
