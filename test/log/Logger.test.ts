import { escapeControlCharacters } from '../../src/log/escapeControlCharacters';
import { Logger, type LoggerOptions } from '../../src/log/Logger';
import type { LogLevel } from '../../src/log/LogLevel';

// What an operator reads in the log of a process: one line per record, whatever the values hold.

/** A logger whose lines land in an array, at 2025-03-01 07:00 UTC. */
function capture(options: LoggerOptions = {}): { logger: Logger; lines: { level: LogLevel; line: string }[] } {
  const lines: { level: LogLevel; line: string }[] = [];
  const logger = new Logger({
    now: () => Date.parse('2025-03-01T07:00:00Z'),
    ...options,
    sink: { write: (level, line) => lines.push({ level, line }) },
  });
  return { logger, lines };
}

/** Characters that must never reach a log line raw. */
// eslint-disable-next-line no-control-regex -- control characters are what the test looks for
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/;

const FORGED = 'boom\nended    tasks.Forged  task=x  status=completed\r\n\u001b[2J\u2028\u0085\u202eevil';

test('text: a value with line breaks, escapes or separators stays on one line, each written as an escape', () => {
  const { logger, lines } = capture();
  logger.info('ended    {template}', { template: 'tasks.Job', task: 'abc', message: FORGED });
  expect(lines).toHaveLength(1);
  expect(lines[0]!.line).toBe(
    'ended    tasks.Job  task=abc  message=boom\\nended    tasks.Forged  task=x  status=completed\\r\\n\\u001b[2J\\u2028\\u0085\\u202eevil',
  );
  expect(lines[0]!.line).not.toMatch(RAW_CONTROL);
});

test('text: the message itself is escaped too, and an error is written with its code and stack on the same line', () => {
  const { logger, lines } = capture();
  const err = Object.assign(new Error('line one\nline two'), { code: 'DATABASE_ERROR' });
  logger.error('HTTP {method} {path} failed', { method: 'GET', path: '/x\ny', error: err });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'error' });
  expect(lines[0]!.line).toMatch(/^error: HTTP GET \/x\\ny failed {2}error=\[DATABASE_ERROR\] Error: line one\\nline two\\n {4}at /);
  expect(lines[0]!.line).not.toContain('\n');
});

test('json: one object per line with time, level, msg and the fields; separators JSON leaves raw are escaped', () => {
  const { logger, lines } = capture({ format: 'json' });
  logger.warn('ended {template}', { template: 'tasks.Job', message: FORGED, ms: 12, msg: 'clash', error: new Error('bad') });
  expect(lines).toHaveLength(1);
  const { line } = lines[0]!;
  expect(line).not.toMatch(RAW_CONTROL);
  const record = JSON.parse(line) as Record<string, unknown>;
  expect(record).toMatchObject({
    time: '2025-03-01T07:00:00.000Z',
    level: 'warn',
    msg: 'ended tasks.Job',
    template: 'tasks.Job',
    message: FORGED,
    ms: 12,
    _msg: 'clash',
    error: { name: 'Error', message: 'bad', stack: expect.stringMatching(/^Error: bad\n/) },
  });
});

test('levels: a logger writes its level and the more severe ones; a child adds its fields to every line', () => {
  const { logger, lines } = capture({ level: 'warn' });
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  expect(lines.map((l) => l.line)).toEqual(['warn: w', 'error: e']);
  expect(logger.enabled('info')).toBe(false);
  logger.child({ component: 'http' }).error('failed', { status: 500 });
  expect(lines[2]!.line).toBe('error: failed  component=http  status=500');
});

test('values JSON cannot hold (a cycle, a bigint) are still written', () => {
  const { logger, lines } = capture({ format: 'json' });
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = cycle;
  logger.info('odd', { cycle, big: 10n });
  expect(JSON.parse(lines[0]!.line)).toMatchObject({ cycle: '[object Object]', big: '10' });
});

test('escapeControlCharacters leaves ordinary text, other languages and emoji alone', () => {
  expect(escapeControlCharacters('Grüße, 日本語 🎉 C:\\path "quoted"')).toBe('Grüße, 日本語 🎉 C:\\path "quoted"');
});
