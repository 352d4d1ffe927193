import { IANAZone } from 'luxon';
import { LOG_FORMATS, LOG_LEVELS } from '../log/LogLevel';
import { HolidayCalendar } from '../time/HolidayCalendar';
import type { ElementRecord, KeyPath } from './ElementDefinition';
import { settingNumber } from './settingNumber';

/** A problem in an app's `settings`: the key path below `settings`, and what is wrong. */
export interface SettingProblem {
  path: KeyPath;
  message: string;
}

/** What a check may consult besides the value: the app's resolved elements, and the app's whole `settings`. */
interface CheckContext {
  records: ReadonlyMap<string, ElementRecord>;
  settings: unknown;
}

/** The check of one setting: the problems of `value`, found at `path`. */
type SettingCheck = (value: unknown, path: KeyPath, context: CheckContext) => SettingProblem[];

/**
 * The longest wait, in seconds, of any duration setting: Node's timers wait at most 2^31 - 1 ms
 * (about 24.8 days) and fire at once beyond it. The template keys `timeout` in the tasks family's
 * `defineSchema` keep to the same bound.
 */
const MAX_TIMER_SECONDS = 2_147_483;

/** The largest count (`concurrency`, `batchSize`): far above any useful value, far below one that exhausts memory. */
const MAX_COUNT = 10_000;

/** A count: a positive integer up to {@link MAX_COUNT}. */
function count(): SettingCheck {
  return (value, path) => {
    const n = settingNumber(value);
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= MAX_COUNT) return [];
    return [{ path, message: `must be a positive integer, at most ${MAX_COUNT}; got ${JSON.stringify(value)}` }];
  };
}

/** A duration in seconds from `min` up to {@link MAX_TIMER_SECONDS}. */
function seconds(min: number): SettingCheck {
  return (value, path) => {
    const n = settingNumber(value);
    if (n !== undefined && n >= min && n <= MAX_TIMER_SECONDS) return [];
    return [
      { path, message: `must be a number of seconds, at least ${min} and at most ${MAX_TIMER_SECONDS}; got ${JSON.stringify(value)}` },
    ];
  };
}

/** A mapping whose keys are those of `table`, each checked by its entry; any other key is a mistake. */
function mapping(table: Record<string, SettingCheck>): SettingCheck {
  return (value, path, context) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, message: 'must be a mapping' }];
    const problems: SettingProblem[] = [];
    for (const [key, item] of Object.entries(value)) {
      const check = table[key];
      if (check) problems.push(...check(item, [...path, key], context));
      else problems.push({ path: [...path, key], message: `unknown key '${key}' (known: ${Object.keys(table).join(', ')})` });
    }
    return problems;
  };
}

const zoneName: SettingCheck = (value, path) => {
  if (typeof value !== 'string')
    return [{ path, message: `must be a string naming an IANA zone such as Europe/Berlin; got ${JSON.stringify(value)}` }];
  if (!IANAZone.isValidZone(value)) return [{ path, message: `unknown time zone '${value}' (use an IANA name such as Europe/Berlin)` }];
  return [];
};

const holidayList: SettingCheck = (value, path) => {
  if (!Array.isArray(value)) return [{ path, message: 'must be a list of dates (YYYY-MM-DD, or MM-DD for every year)' }];
  return value.flatMap((entry, index) => {
    const problem = HolidayCalendar.dateProblem(entry);
    return problem === undefined ? [] : [{ path: [...path, index], message: problem }];
  });
};

/** An element the loaded app sees whose type chain passes through `databases.Meta`. */
const databaseElement: SettingCheck = (value, path, { records }) => {
  if (typeof value !== 'string' || value === '')
    return [{ path, message: `must be the fullName of a database element, such as databases.Default; got ${JSON.stringify(value)}` }];
  const record = records.get(value);
  if (!record || !record.visible) return [{ path, message: `'${value}' names no element` }];
  if (!record.typeChain.includes('databases.Meta')) {
    return [
      {
        path,
        message: `'${value}' is not a database: its type chain (${record.typeChain.join(' → ') || 'none'}) does not pass through databases.Meta`,
      },
    ];
  }
  return [];
};

/** Folders to look for `{ appId, version }` parents in, each relative to the app's folder. */
const folderList: SettingCheck = (value, path) => {
  if (!Array.isArray(value)) return [{ path, message: "must be a list of folders (relative to the app's folder, or absolute)" }];
  return value.flatMap((entry, index) =>
    typeof entry === 'string' && entry !== ''
      ? []
      : [{ path: [...path, index], message: `must be a folder path; got ${JSON.stringify(entry)}` }],
  );
};

/**
 * JitAi's `settings.defaultElement`: the app's default element of each kind, keyed `default…`.
 * Only `defaultDatabase` has a meaning here (it is `settings.defaultDatabase`); the others are
 * kept as written. Naming two different databases both ways would leave the task store's database
 * to chance, so it is refused.
 */
const defaultElements: SettingCheck = (value, path, context) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path, message: 'must be a mapping of default… keys, such as defaultDatabase' }];
  const problems: SettingProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!/^default[A-Z]/.test(key))
      problems.push({
        path: [...path, key],
        message: `unknown key '${key}' (the keys of defaultElement start with 'default', such as defaultDatabase)`,
      });
  }
  const inner: unknown = (value as Record<string, unknown>).defaultDatabase;
  if (inner === undefined) return problems;
  const innerPath = [...path, 'defaultDatabase'];
  const outer =
    typeof context.settings === 'object' && context.settings !== null
      ? (context.settings as Record<string, unknown>).defaultDatabase
      : undefined;
  if (outer !== undefined && outer !== inner) {
    problems.push({
      path: innerPath,
      message: `settings.defaultDatabase is ${quote(outer)} and settings.defaultElement.defaultDatabase is ${quote(inner)}: both name the default database; keep one`,
    });
    return problems;
  }
  return [...problems, ...databaseElement(inner, innerPath, context)];
};

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** `settings.scheduler`: counts, and durations in seconds (README documents each). */
const SCHEDULER: Record<string, SettingCheck> = {
  pollInterval: seconds(0.01),
  concurrency: count(),
  batchSize: count(),
  leaseSeconds: seconds(0.001),
  shutdownGraceSeconds: seconds(0),
  overdueToleranceSeconds: seconds(0),
  defaultTimeoutSeconds: seconds(0.001),
};

/** The largest `settings.http.bodyLimit`, bytes: a JSON call of 100 MiB belongs in a file, not a request. */
const MAX_BODY_BYTES = 100 * 1024 * 1024;
/** The shortest bearer token: a token is a password, and a short one is guessed. */
const MIN_TOKEN_CHARS = 16;

/** An integer from `min` to `max`, as a number or a numeric string (a placeholder); `what` words it. */
function integerIn(min: number, max: number, what: string): SettingCheck {
  return (value, path) => {
    const n = settingNumber(value);
    if (n !== undefined && Number.isInteger(n) && n >= min && n <= max) return [];
    return [{ path, message: `must be ${what}; got ${JSON.stringify(value)}` }];
  };
}

const hostName: SettingCheck = (value, path) =>
  typeof value === 'string' && value.trim() !== '' && !/\s/.test(value)
    ? []
    : [{ path, message: `must be a host name or address to listen on, such as 127.0.0.1 or 0.0.0.0; got ${JSON.stringify(value)}` }];

/** `settings.http.tokens`: `{ name, token, role }` each, names and tokens unique. */
const tokenList: SettingCheck = (value, path) => {
  if (!Array.isArray(value)) return [{ path, message: 'must be a list of { name, token, role }' }];
  const problems: SettingProblem[] = [];
  const names = new Set<string>();
  const tokens = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const at = [...path, index];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ path: at, message: 'must be a mapping { name, token, role }' });
      return;
    }
    const { name, token, role, ...rest } = entry as Record<string, unknown>;
    for (const key of Object.keys(rest)) problems.push({ path: [...at, key], message: `unknown key '${key}' (known: name, token, role)` });
    if (typeof name !== 'string' || name.trim() === '')
      problems.push({ path: [...at, 'name'], message: 'must be a non-empty string (who holds the token, for the logs)' });
    else if (names.has(name)) problems.push({ path: [...at, 'name'], message: `'${name}' names another token too` });
    else names.add(name);
    if (typeof token !== 'string' || token.length < MIN_TOKEN_CHARS)
      problems.push({ path: [...at, 'token'], message: `must be a string of at least ${MIN_TOKEN_CHARS} characters` });
    else if (tokens.has(token)) problems.push({ path: [...at, 'token'], message: 'is the token of another entry too' });
    else tokens.add(token);
    if (role !== 'admin' && role !== 'viewer')
      problems.push({ path: [...at, 'role'], message: `must be admin or viewer; got ${JSON.stringify(role)}` });
  });
  return problems;
};

/** A name a browser may put in `Host`: letters, digits, dots and hyphens, or an IP address (IPv6 in brackets or bare). */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[?[0-9a-f:.]+\]?)$/i;

/** `settings.http.allowedHosts`: the names (without a port) clients reach the server by, besides its address and localhost. */
const allowedHostList: SettingCheck = (value, path) => {
  if (!Array.isArray(value)) return [{ path, message: 'must be a list of host names, such as [jittask.example.com]' }];
  return value.flatMap((entry, index) =>
    typeof entry === 'string' && HOST_NAME.test(entry)
      ? []
      : [
          {
            path: [...path, index],
            message: `must be a host name without a port or scheme, such as jittask.example.com; got ${JSON.stringify(entry)}`,
          },
        ],
  );
};

/** The most event streams `settings.http.maxEventStreams` may allow per token. */
const MAX_EVENT_STREAMS = 10_000;

/** `settings.http`: the HTTP server of `jittask run --http` and `createHttpHandler` (README documents each). */
const HTTP: Record<string, SettingCheck> = {
  port: integerIn(0, 65535, 'an integer port, 0 … 65535 (0: any free port)'),
  host: hostName,
  tokens: tokenList,
  bodyLimit: integerIn(1, MAX_BODY_BYTES, `a number of bytes, an integer from 1 to ${MAX_BODY_BYTES}`),
  allowedHosts: allowedHostList,
  maxEventStreams: integerIn(1, MAX_EVENT_STREAMS, `an integer from 1 to ${MAX_EVENT_STREAMS}`),
};

/** One of `values`, as written. */
function oneOf(values: readonly string[]): SettingCheck {
  const words = `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  return (value, path) => (values.includes(value as string) ? [] : [{ path, message: `must be ${words}; got ${JSON.stringify(value)}` }]);
}

/** `settings.log`: how the process logs (README documents each). */
const LOG: Record<string, SettingCheck> = {
  format: oneOf(LOG_FORMATS),
  level: oneOf(LOG_LEVELS),
};

/** A switch: true or false as written (JitAi's 1/0 are not this setting's). */
const onOff: SettingCheck = (value, path) =>
  typeof value === 'boolean' ? [] : [{ path, message: `must be true or false; got ${JSON.stringify(value)}` }];

/** Every key `settings` may have, with its check: a new setting is one more entry here. */
const SETTINGS: Record<string, SettingCheck> = {
  timezone: zoneName,
  defaultDatabase: databaseElement,
  holidays: holidayList,
  scheduler: mapping(SCHEDULER),
  http: mapping(HTTP),
  log: mapping(LOG),
  appPaths: folderList,
  defaultElement: defaultElements,
  globalApp: onOff,
};

const checkSettings = mapping(SETTINGS);

/**
 * Every problem of one app's `settings` (placeholders already filled), each with its key path
 * below `settings`, so that the loader can point at its line. Values at `unfilled` paths (a
 * placeholder without a value, reported on its own) are not checked again. `records` are the
 * app's resolved elements, for `defaultDatabase`.
 */
export function validateAppSettings(
  settings: unknown,
  records: ReadonlyMap<string, ElementRecord>,
  unfilled: ReadonlySet<string> = new Set(),
): SettingProblem[] {
  return checkSettings(settings, [], { records, settings }).filter((p) => !unfilled.has(p.path.join('.')));
}
