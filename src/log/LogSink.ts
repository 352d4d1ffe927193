import type { LogLevel } from './LogLevel';

/** Where a {@link Logger} writes its finished lines (one line each, without the line break). */
export interface LogSink {
  write(level: LogLevel, line: string): void;
}

/** The process's standard streams: errors and warnings to stderr, the rest to stdout. */
export const standardStreams: LogSink = {
  write(level, line) {
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  },
};
