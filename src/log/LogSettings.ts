import { Logger, type LoggerOptions } from './Logger';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './LogLevel';

/** `settings.log` in app.yaml: how the process logs (README documents each key). */
export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
}

/**
 * Reads `settings.log`. The loader has refused values outside {@link LOG_FORMATS} and
 * {@link LOG_LEVELS} already (the runtime's settings check); anything else here is the default.
 */
export function readLogSettings(raw: unknown): LogSettings {
  const log = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    format: LOG_FORMATS.find((f) => f === log.format) ?? 'text',
    level: LOG_LEVELS.find((l) => l === log.level) ?? 'info',
  };
}

/** A {@link Logger} as `settings.log` asks, writing to `options.sink` (default the standard streams). */
export function loggerFromSettings(raw: unknown, options: Omit<LoggerOptions, 'format' | 'level'> = {}): Logger {
  return new Logger({ ...options, ...readLogSettings(raw) });
}
