import { Logger } from '../../src/log/Logger';

/**
 * The lines `logger` writes from now on, as text lines (escaped as the logger escapes them),
 * instead of on the standard streams. `restore` lets the logger write where it did again.
 */
export function captureLog(logger: Logger): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const text = new Logger({ level: 'debug', sink: { write: (_level, line) => lines.push(line) } });
  const spy = jest.spyOn(logger, 'write').mockImplementation((level, message, fields) => text.write(level, message, fields));
  return { lines, restore: () => spy.mockRestore() };
}
