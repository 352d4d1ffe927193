import * as path from 'node:path';
import { checkApp, JitError, loadApp, type ErrorCode, type JitIssue } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

const jittaskRoot = path.resolve(__dirname, '../..');

/** The error loadApp throws for a fixture (placeholders see only `env`). */
async function loadError(dir: string, env: Record<string, string> = {}): Promise<JitError> {
  try {
    const app = await loadApp(dir, { env });
    await app.close();
  } catch (err) {
    if (err instanceof JitError) return err;
    throw err;
  }
  throw new Error(`${dir} loaded without error`);
}

/** Where an issue points, with the file relative to test/fixtures, and a fragment of its message. */
interface Expected {
  code: ErrorCode;
  file: string;
  line: number;
  column?: number;
  path?: string;
  says: string;
}

function expectIssues(issues: JitIssue[], expected: Expected[]): void {
  const seen = issues.map((i) => ({ ...i, file: i.file === undefined ? undefined : path.relative(fixtureDir(), i.file) }));
  expect(seen).toHaveLength(expected.length);
  for (const { says, ...where } of expected) {
    expect(seen).toContainEqual(expect.objectContaining({ ...where, message: expect.stringContaining(says) }));
  }
}

describe('one fixture per error code: the code, the file and the line', () => {
  const cases: Array<[string, Expected[]]> = [
    [
      'broken-yaml',
      [{ code: 'CONFIG_INVALID', file: 'broken-yaml/elements/services/BadSvc/e.yaml', line: 3, column: 14, says: 'syntax error' }],
    ],
    [
      'broken-unknown-key',
      [
        {
          code: 'CONFIG_INVALID',
          file: 'broken-unknown-key/elements/services/TypoSvc/e.yaml',
          line: 2,
          column: 1,
          path: 'tittle',
          says: "unknown key 'tittle'",
        },
        {
          code: 'CONFIG_INVALID',
          file: 'broken-unknown-key/elements/services/TypoSvc/e.yaml',
          line: 2,
          says: "missing required key 'title'",
        },
      ],
    ],
    [
      'broken-unknown-type',
      [
        {
          code: 'TYPE_CHAIN_INVALID',
          file: 'broken-unknown-type/elements/services/GhostSvc/e.yaml',
          line: 2,
          path: 'type',
          says: "unknown element 'services.NormlType'",
        },
      ],
    ],
    [
      'broken-no-meta',
      [
        {
          code: 'TYPE_CHAIN_INVALID',
          file: 'broken-no-meta/elements/widgets/BaseType/e.yaml',
          line: 1,
          path: 'type',
          says: "type chain of 'widgets.BaseType' does not end in a Meta",
        },
        {
          code: 'TYPE_CHAIN_INVALID',
          file: 'broken-no-meta/elements/widgets/BaseType/e.yaml',
          line: 1,
          path: 'type',
          says: "type chain of 'widgets.Button' does not end in a Meta: widgets.Button (",
        },
      ],
    ],
    [
      'broken-type-cycle',
      [
        {
          code: 'TYPE_CHAIN_INVALID',
          file: 'broken-type-cycle/elements/widgets/AType/e.yaml',
          line: 2,
          path: 'type',
          says: "'widgets.AType' loops: widgets.AType (",
        },
        {
          code: 'TYPE_CHAIN_INVALID',
          file: 'broken-type-cycle/elements/widgets/BType/e.yaml',
          line: 2,
          path: 'type',
          says: "'widgets.BType' loops",
        },
        {
          code: 'TYPE_CHAIN_INVALID',
          file: 'broken-type-cycle/elements/widgets/Button/e.yaml',
          line: 2,
          path: 'type',
          says: "'widgets.Button' loops",
        },
      ],
    ],
    [
      'broken-extends-cycle/x',
      [
        {
          code: 'APP_CYCLE',
          file: 'broken-extends-cycle/y/app.yaml',
          line: 4,
          column: 5,
          path: 'extends',
          says: 'extends cycle: test.CycleX -> test.CycleY -> test.CycleX',
        },
      ],
    ],
    [
      'broken-duplicate',
      [
        {
          code: 'DUPLICATE_ELEMENT',
          file: 'broken-duplicate/elements/services/AlphaSvc/e.json',
          line: 1,
          says: "'services.AlphaSvc' is defined more than once",
        },
        {
          code: 'DUPLICATE_ELEMENT',
          file: 'broken-duplicate/elements/services.BetaSvc/e.yaml',
          line: 1,
          says: "'services.BetaSvc' is defined more than once",
        },
      ],
    ],
    [
      'broken-protected-override',
      [
        {
          code: 'OVERRIDE_FORBIDDEN',
          file: 'broken-protected-override/elements/services/LockedSvc/e.yaml',
          line: 1,
          says: "'services.LockedSvc' is protected",
        },
        {
          code: 'OVERRIDE_FORBIDDEN',
          file: 'broken-protected-override/elements/services/Meta/e.yaml',
          line: 2,
          says: "'services.Meta' is protected",
        },
      ],
    ],
    [
      'broken-missing-placeholder',
      [
        {
          code: 'CONFIG_INVALID',
          file: 'broken-missing-placeholder/elements/services/DsnSvc/e.yaml',
          line: 4,
          column: 3,
          path: 'config.dsn',
          says: '{{JT_TEST_DB_USER}}',
        },
        {
          code: 'CONFIG_INVALID',
          file: 'broken-missing-placeholder/elements/services/DsnSvc/config.yaml',
          line: 2,
          column: 1,
          path: 'config.password',
          says: '{{JT_TEST_DB_PASSWORD}}',
        },
      ],
    ],
    [
      'broken-undeclared-function',
      [
        {
          code: 'FUNCTION_NOT_FOUND',
          file: 'broken-undeclared-function/elements/services/MailSvc/e.yaml',
          line: 7,
          column: 5,
          path: 'functionList.1.name',
          says: "'sendBulk' is not a method",
        },
        {
          code: 'FUNCTION_NOT_FOUND',
          file: 'broken-undeclared-function/elements/services/MailSvc/e.yaml',
          line: 8,
          column: 5,
          path: 'functionList.2.name',
          says: "'constructor' cannot be declared",
        },
      ],
    ],
  ];

  test.each(cases)('%s', async (name, expected) => {
    const err = await loadError(fixtureDir(name));
    expect(err.code).toBe(expected[0]!.code);
    expectIssues(err.issues, expected);
  });

  test('OVERRIDE_FORBIDDEN names both files', async () => {
    const err = await loadError(fixtureDir('broken-protected-override'));
    const meta = err.issues.find((i) => i.fullName === 'services.Meta');
    expect(meta?.message).toContain(path.join(jittaskRoot, 'elements/services/Meta/e.yaml'));
    expect(meta?.message).toContain(fixtureDir('broken-protected-override/elements/services/Meta/e.yaml'));
    const locked = err.issues.find((i) => i.fullName === 'services.LockedSvc');
    expect(locked?.message).toContain(fixtureDir('access/parent/elements/services/LockedSvc/e.yaml'));
  });

  test('DUPLICATE_ELEMENT names both folders', async () => {
    const err = await loadError(fixtureDir('broken-duplicate'));
    const beta = err.issues.find((i) => i.fullName === 'services.BetaSvc');
    expect(beta?.message).toContain(fixtureDir('broken-duplicate/elements/services/BetaSvc/e.yaml'));
    expect(beta?.message).toContain(fixtureDir('broken-duplicate/elements/services.BetaSvc/e.yaml'));
  });

  test('a type chain error names every link and file', async () => {
    const err = await loadError(fixtureDir('broken-type-cycle'));
    const button = err.issues.find((i) => i.fullName === 'widgets.Button');
    for (const link of ['Button', 'AType', 'BType']) {
      expect(button?.message).toContain(`widgets.${link} (${fixtureDir(`broken-type-cycle/elements/widgets/${link}/e.yaml`)})`);
    }
  });

  test('a placeholder the environment fills is no longer a problem', async () => {
    const err = await loadError(fixtureDir('broken-missing-placeholder'), { JT_TEST_DB_USER: 'shop' });
    expect(err.issues.map((i) => i.path)).toEqual(['config.password']);
    const app = await loadApp(fixtureDir('broken-missing-placeholder'), { env: { JT_TEST_DB_USER: 'shop', JT_TEST_DB_PASSWORD: 'pw' } });
    try {
      expect(app.getElementDefine('services.DsnSvc').config).toEqual({
        dsn: 'postgres://shop@localhost/shop',
        poolSize: 4,
        password: 'pw',
      });
    } finally {
      await app.close();
    }
  });
});

describe('an app with several problems', () => {
  const dir = fixtureDir('broken-many');
  const expected: Expected[] = [
    {
      code: 'DUPLICATE_ELEMENT',
      file: 'broken-many/elements/services/AlphaSvc/e.json',
      line: 1,
      says: "'services.AlphaSvc' is defined more than once",
    },
    { code: 'CONFIG_INVALID', file: 'broken-many/elements/services/BetaSvc/e.yaml', line: 5, column: 1, says: 'syntax error' },
    {
      code: 'CONFIG_INVALID',
      file: 'broken-many/elements/services/DsnSvc/e.yaml',
      line: 4,
      column: 3,
      path: 'config.dsn',
      says: '{{JT_TEST_MISSING_DSN}}',
    },
    {
      code: 'TYPE_CHAIN_INVALID',
      file: 'broken-many/elements/services/GhostSvc/e.yaml',
      line: 2,
      column: 1,
      path: 'type',
      says: "unknown element 'services.GhostType'",
    },
    {
      code: 'CONFIG_INVALID',
      file: 'broken-many/elements/services/TypoSvc/e.yaml',
      line: 3,
      column: 1,
      path: 'loadtime',
      says: "unknown key 'loadtime'",
    },
    // Code of the sound elements is checked in the same run.
    {
      code: 'FUNCTION_NOT_FOUND',
      file: 'broken-many/elements/services/HollowSvc/e.yaml',
      line: 4,
      column: 5,
      path: 'functionList.0.name',
      says: "'missing' is not a method",
    },
  ];

  test('loadApp throws one JitError carrying all of them; its code is the first one', async () => {
    const err = await loadError(dir);
    expectIssues(err.issues, expected);
    expect(err.code).toBe(err.issues[0]!.code);
    for (const issue of err.issues) {
      expect(issue).toEqual(
        expect.objectContaining({
          code: expect.any(String),
          file: expect.any(String),
          line: expect.any(Number),
          column: expect.any(Number),
          message: expect.any(String),
        }),
      );
    }
    expect(err.message).toContain('6 problems');
  });

  test('checkApp returns the same issues without throwing', async () => {
    const err = await loadError(dir);
    expect(checkApp(dir, {})).toEqual(err.issues);
  });

  test('checkApp of a sound app returns no issues', () => {
    expect(checkApp(fixtureDir('element-api'), {})).toEqual([]);
  });
});
