import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import {
  JitError,
  Q,
  type App,
  type DatabaseElement,
  type ModelElement,
  type ModelRow,
  type ModelRowChange,
  type QExpression,
} from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

/** One kind of database the JitORM functions run on. */
export interface JitormBackend {
  /** Loads the app in `dir` with its default database on this kind, the test's own (emptied before each test). */
  load(dir: string): Promise<App>;
  /** The number of rows of `table`, read directly; null when there is no such table. */
  countRows(table: string): Promise<number | null>;
}

/** The JitAi data-models fixture: UserModel and the other models its pages name. */
export const DATA_MODELS_APP = fixtureDir('jitai', 'data-models');

/**
 * An app extending the data-models fixture with `models.Shirt`: keyed by its own field `sku`, and
 * with a field named like an argument of `query` (`size`).
 */
export function shirtApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-jitorm-app-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), stringify({ appId: 'test.JitormShirts', title: 'Shirts', extends: [DATA_MODELS_APP] }));
  const shirt = path.join(dir, 'elements', 'models', 'Shirt');
  fs.mkdirSync(shirt, { recursive: true });
  fs.writeFileSync(
    path.join(shirt, 'e.yaml'),
    stringify({
      title: 'Shirt',
      type: 'models.NormalType',
      fields: [
        { name: 'sku', title: 'SKU', dataType: 'Stext', primaryKey: true },
        { name: 'size', title: 'Size', dataType: 'Stext' },
        { name: 'stock', title: 'Stock', dataType: 'Integer' },
      ],
    }),
  );
  return dir;
}

/** The users every test starts with (ids 1 to 5), in the app zone Europe/Berlin. */
const USERS = [
  {
    name: 'Ann',
    email: 'ann@example.com',
    status: 'active',
    age: 34,
    department: 'IT',
    salary: 5200,
    vip: true,
    remark: 'likes 100% coffee',
    createdAt: '2023-03-01 09:00:00',
  },
  {
    name: 'Bob',
    email: 'bob@example.com',
    status: 'inactive',
    age: 17,
    department: 'HR',
    salary: 3100,
    vip: false,
    remark: null,
    createdAt: '2023-12-31 23:30:00',
  },
  {
    name: 'Chloé',
    email: 'chloe@example.org',
    status: 'active',
    age: 28,
    department: 'IT',
    salary: 7400.5,
    vip: false,
    remark: 'under_score',
    // 2023-12-31 23:15 in UTC: in 2024 only in the app zone.
    createdAt: '2024-01-01 00:15:00',
  },
  {
    name: 'dave',
    email: null,
    status: 'pending',
    age: null,
    department: 'Dev',
    salary: null,
    vip: null,
    remark: 'Likes tea',
    createdAt: null,
  },
  {
    name: 'Eve',
    email: 'eve@example.com',
    status: null,
    age: 45,
    department: 'IT',
    salary: 9000,
    vip: true,
    remark: 'a*b?[c]',
    createdAt: '2024-06-15 12:00:00',
  },
];

const ALL = ['Ann', 'Bob', 'Chloé', 'dave', 'Eve'];

/** The JitError a call rejects with. */
async function rejection(call: () => Promise<unknown> | unknown): Promise<JitError> {
  const err = await (async () => call())().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JitError)) throw new Error(`expected a JitError, got ${String(err)}`);
  return err;
}

const names = (rows: readonly ModelRow[]) => rows.map((r) => r.name);

/**
 * One filter, written both ways: the object form a JavaScript port builds and the string form
 * e.json and Python code use; and the users it matches.
 */
type FilterCase = [what: string, object: () => QExpression, text: string, expected: string[]];

const FILTERS: FilterCase[] = [
  ['= (keyword form)', () => Q('status', '=', 'active'), "Q(status='active')", ['Ann', 'Chloé']],
  ['!= matches a field without a value', () => Q('status', '!=', 'active'), "Q(status__ne='active')", ['Bob', 'dave', 'Eve']],
  ['gt', () => Q('age', 'gt', 30), 'Q(age__gt=30)', ['Ann', 'Eve']],
  ['>= with the value as text, read as on write', () => Q('age', '>=', '28'), "Q('age', '>=', '28')", ['Ann', 'Chloé', 'Eve']],
  ['lt and lte', () => Q(Q('age', '<', 30), Q.AND, Q('age', 'lte', 28)), 'Q(age__lt=30, age__lte=28)', ['Bob', 'Chloé']],
  ['in', () => Q('status', 'in', ['active', 'pending']), "Q(status__in=['active', 'pending'])", ['Ann', 'Chloé', 'dave']],
  ['nin matches a field without a value', () => Q('status', 'nin', ['active']), "Q(status__nin=['active'])", ['Bob', 'dave', 'Eve']],
  ['in of Booleans', () => Q('vip', 'in', [true]), 'Q(vip__in=[True])', ['Ann', 'Eve']],
  [
    'in of times, read as on write',
    () => Q('createdAt', 'in', ['2023-03-01T08:00:00Z', '2024-06-15 12:00']),
    "Q(createdAt__in=['2023-03-01T08:00:00Z', '2024-06-15 12:00'])",
    ['Ann', 'Eve'],
  ],
  ['in of fractions', () => Q('salary', 'in', [7400.5, 9000]), 'Q(salary__in=(7400.5, 9000))', ['Chloé', 'Eve']],
  ['in an empty list matches nothing', () => Q('status', 'in', []), 'Q(status__in=[])', []],
  ['nin an empty list matches everything', () => Q('status', 'nin', []), 'Q(status__nin=[])', ALL],
  ['like: contains, case-sensitive', () => Q('remark', 'like', 'ikes'), "Q(remark__like='ikes')", ['Ann', 'dave']],
  ['like: upper case is not lower case', () => Q('remark', 'like', 'likes'), "Q(remark__like='likes')", ['Ann']],
  ['like: % is any run of characters (JitAi writes %tea%)', () => Q('remark', 'like', '%tea%'), "Q(remark__like='%tea%')", ['dave']],
  ['like: _ is one character', () => Q('name', 'like', '_ve'), "Q(name__like='_ve')", ['dave', 'Eve']],
  ['like: * ? [ are themselves', () => Q('remark', 'like', '*b?['), "Q(remark__like='*b?[')", ['Eve']],
  ['nlike matches a field without a value', () => Q('remark', 'nlike', 'ikes'), "Q(remark__nlike='ikes')", ['Bob', 'Chloé', 'Eve']],
  ['startswith: % and _ are themselves', () => Q('remark', 'startswith', 'likes 100%'), "Q(remark__startswith='likes 100%')", ['Ann']],
  ['startswith: no wildcard', () => Q('remark', 'startswith', 'under%'), "Q(remark__startswith='under%')", []],
  ['endswith', () => Q('remark', 'endswith', '_score'), "Q('remark', 'endswith', '_score')", ['Chloé']],
  ['likeany', () => Q('name', 'likeany', ['nn', 'ob']), "Q(name__likeany=['nn', 'ob'])", ['Ann', 'Bob']],
  ['nlikeany', () => Q('name', 'nlikeany', ['nn', 'ob']), "Q(name__nlikeany=['nn', 'ob'])", ['Chloé', 'dave', 'Eve']],
  ['isnull 1', () => Q('email', 'isnull', 1), 'Q(email__isnull=True)', ['dave']],
  ['isnull 0', () => Q('email', 'isnull', 0), 'Q(email__isnull=False)', ['Ann', 'Bob', 'Chloé', 'Eve']],
  ['= null is isnull', () => Q('email', '=', null), 'Q(email=None)', ['dave']],
  ['range, both ends included', () => Q('salary', 'range', [3100, 5200]), 'Q(salary__range=(3100, 5200))', ['Ann', 'Bob']],
  ['a fraction', () => Q('salary', '=', 7400.5), 'Q(salary=7400.5)', ['Chloé']],
  ['year of a Datetime, in the app zone', () => Q('createdAt', 'year', 2023), 'Q(createdAt__year=2023)', ['Ann', 'Bob']],
  [
    'a Datetime compared with a date: its midnight',
    () => Q('createdAt', '>=', '2024-01-01'),
    "Q(createdAt__gte='2024-01-01')",
    ['Chloé', 'Eve'],
  ],
  [
    'a Datetime with an offset is that instant',
    () => Q('createdAt', '<', '2023-12-31T22:30:00Z'),
    "Q(createdAt__lt='2023-12-31T22:30:00Z')",
    ['Ann'],
  ],
  ['Boolean', () => Q('vip', '=', true), 'Q(vip=True)', ['Ann', 'Eve']],
  ['Boolean as 0', () => Q('vip', '=', 0), 'Q(vip=0)', ['Bob', 'Chloé']],
  ['text orders by code point (é after z, lower case after upper)', () => Q('name', '<', 'Chloz'), "Q(name__lt='Chloz')", ['Ann', 'Bob']],
  ['text after Z', () => Q('name', '>', 'Z'), "Q(name__gt='Z')", ['dave']],
  ['the key', () => Q('id', 'in', [1, 3]), "Q(Q('id', 'in', [1, 3]))", ['Ann', 'Chloé']],
  [
    'Q(q1, Q.AND, q2)',
    () => Q(Q('status', '=', 'active'), Q.AND, Q('age', '>', 30)),
    "Q(Q('status', '=', 'active'), Q.AND, Q('age', '>', 30))",
    ['Ann'],
  ],
  [
    'Q(q1, Q.OR, q2) and |',
    () => Q(Q('department', '=', 'HR'), Q.OR, Q('age', 'gt', 40)),
    "Q(department='HR') | Q(age__gt=40)",
    ['Bob', 'Eve'],
  ],
  ['not() and ~ match a field without a value', () => Q('status', '=', 'active').not(), "~Q(status='active')", ['Bob', 'dave', 'Eve']],
  ['NOT of > matches a field without a value', () => Q('age', '>', 30).not(), '~Q(age__gt=30)', ['Bob', 'Chloé', 'dave']],
  [
    'nested (the page: (age > 18 AND age < 30) OR is VIP)',
    () => Q(Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 40)), Q.OR, Q('vip', '=', 1)),
    '(Q(age__gt=18) & Q(age__lt=40)) | Q(vip=True)',
    ['Ann', 'Chloé', 'Eve'],
  ],
  [
    '~ of a combination',
    () =>
      Q('status', '=', 'inactive')
        .or(Q('vip', '=', true))
        .not(),
    "~(Q(status='inactive') | Q(vip=True))",
    ['Chloé', 'dave'],
  ],
  [
    '& binds tighter than |',
    () => Q({ department: 'IT', vip: true }).or(Q({ status: 'pending' })),
    "Q(department='IT') & Q(vip=True) | Q(status='pending')",
    ['Ann', 'dave', 'Eve'],
  ],
  ['several keywords: all must match', () => Q({ department: 'IT', vip: true }), "Q(department='IT', vip=True)", ['Ann', 'Eve']],
  [
    'an empty Q combined with another is the other',
    () =>
      Q()
        .and(Q('department', '=', 'IT'))
        .or(Q()),
    "Q(Q(department='IT'))",
    ['Ann', 'Chloé', 'Eve'],
  ],
  ['the empty Q: every row', () => Q(), 'Q()', ALL],
  ['a quote in a value is a value', () => Q('name', '=', "x' OR '1'='1"), "Q(name='x\\' OR \\'1\\'=\\'1')", []],
];

/** Malformed filters: each is API_PARAMS_ERROR naming the key; `field` and `operator` are the details expected. */
const MALFORMED: Array<[what: string, filter: () => unknown, details: Record<string, unknown>]> = [
  ['an unknown field', () => Q('colour', '=', 'red'), { field: 'colour' }],
  ['an unknown field, string form', () => "Q(colour='red')", { field: 'colour' }],
  ['an unknown field, object of values', () => ({ colour: 'red' }), { field: 'colour' }],
  ['an unknown lookup is an unknown field', () => 'Q(age__about=30)', { field: 'age__about' }],
  ['a field name that tries to be SQL', () => Q('name" OR 1=1 --', '=', 'x'), { field: 'name" OR 1=1 --' }],
  ['an unknown operator', () => Q('age', '~=', 30), { field: 'age', operator: '~=' }],
  ['an operator JitAi has and jittask does not', () => Q('createdAt', 'month', 3), { field: 'createdAt', operator: 'month' }],
  ['a value of the wrong type', () => Q('age', '>', 'old'), { field: 'age', operator: '>' }],
  ['a value of the wrong type, string form', () => "Q(age__gt='old')", { field: 'age', key: 'age__gt', operator: 'gt' }],
  ['a list where a value goes', () => Q('age', '=', [1, 2]), { field: 'age' }],
  ['a value where a list goes', () => Q('status', 'in', 'active'), { field: 'status', operator: 'in' }],
  ['null in a list', () => Q('status', 'in', ['active', null]), { field: 'status' }],
  ['a Boolean that is not one', () => Q('vip', '=', 'maybe'), { field: 'vip' }],
  ['a time that is not one', () => Q('createdAt', '>', 'tomorrow'), { field: 'createdAt' }],
  ['like of a number', () => Q('name', 'like', 5), { field: 'name', operator: 'like' }],
  ['like on a number field', () => Q('age', 'like', '3'), { field: 'age', operator: 'like' }],
  ['order on a Boolean', () => Q('vip', '>', false), { field: 'vip', operator: '>' }],
  ['a range of one bound', () => Q('salary', 'range', [1]), { field: 'salary', operator: 'range' }],
  ['year of a number field', () => Q('age', 'year', 2023), { field: 'age', operator: 'year' }],
  ['> null', () => Q('age', '>', null), { field: 'age' }],
  ['isnull of a string', () => Q('email', 'isnull', 'yes'), { field: 'email' }],
];

/** Filters that do not parse, or are not a filter at all. */
const UNREADABLE: Array<[what: string, filter: () => unknown]> = [
  ['an unclosed Q', () => "Q(status='active'"],
  ['Python ==', () => "Q(status=='active')"],
  ['a bare word as a value', () => 'Q(status=active)'],
  ['&& for &', () => "Q(status='a') && Q(age=1)"],
  ['code', () => "__import__('os').system('true')"],
  ['SQL after a Q', () => "Q(name='x'); DROP TABLE m_models_UserModel; --"],
  ['Q.AND and Q.OR in one call', () => 'Q(Q(age=1), Q.AND, Q(age=2), Q.OR, Q(age=3))'],
  ['a number', () => 42],
  ['a list', () => [['status', '=', 'active']]],
];

/**
 * JitORM's model functions on every database, declared as tests inside the caller's `describe`:
 * the data-models fixture's UserModel with five users, filters in both forms, the bulk writes and
 * their refusals.
 */
export function jitormContract(backend: JitormBackend): void {
  let app: App;
  let users: ModelElement;
  let rows: ModelRow[];
  const opened: App[] = [];
  const load = async (dir: string): Promise<App> => {
    const loaded = await backend.load(dir);
    opened.push(loaded);
    return loaded;
  };

  beforeEach(async () => {
    app = await load(DATA_MODELS_APP);
    users = app.getElement<ModelElement>('models.UserModel');
    rows = [];
    for (const user of USERS) rows.push(await users.create(user));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const loaded of opened.splice(0)) await loaded.close();
  });

  /** Every user as stored now, in insertion order. */
  const stored = async () => (await users.query()).rowDatas;

  describe('Q expressions, in object form and in string form, give the same rows', () => {
    test.each(FILTERS)('%s', async (_what, object, text, expected) => {
      expect(names((await users.query(object())).rowDatas)).toEqual(expected);
      expect(names((await users.query(text)).rowDatas)).toEqual(expected);
      await expect(users.count(object())).resolves.toBe(expected.length);
      // getCompareResult answers for one row what the database answers for the table.
      expect(rows.filter((row) => users.getCompareResult(object(), row)).map((r) => r.name)).toEqual(expected);
      expect(rows.filter((row) => users.getCompareResult(text, row)).map((r) => r.name)).toEqual(expected);
    });
  });

  test('values reach the database as parameters, never as SQL text', async () => {
    const db = app.getElement<DatabaseElement>('databases.Default').connection()!;
    const statements: Array<[string, readonly unknown[]]> = [];
    const query = db.query.bind(db);
    jest.spyOn(db, 'query').mockImplementation((sql: string, params?: readonly unknown[]) => {
      statements.push([sql, params ?? []]);
      return query(sql, params);
    });
    const evil = "Robert'); DROP TABLE m_models_UserModel; --";
    await users.query(Q('name', '=', evil).or(Q('remark', 'like', evil)));
    await users.query("Q(name='Robert\\'); DROP TABLE m_models_UserModel; --')");
    await users.updateByFilter(Q('status', 'in', [evil]), { remark: evil });
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const [sql] of statements) expect(sql).not.toContain('DROP');
    expect(statements.flatMap(([, params]) => params).some((p) => String(p).includes('DROP TABLE'))).toBe(true);
    await expect(backend.countRows('m_models_UserModel')).resolves.toBe(5);
  });

  describe('a malformed Q is API_PARAMS_ERROR naming the key, and nothing is written', () => {
    test.each(MALFORMED)('%s', async (_what, filter, details) => {
      const afterSave = jest.spyOn(users, 'afterSave');
      const afterDelete = jest.spyOn(users, 'afterDelete');
      for (const call of [
        () => users.query(filter()),
        () => users.get(filter()),
        () => users.count(filter()),
        () => users.getCompareResult(filter(), {}),
        () => users.updateByFilter(filter(), { status: 'gone' }),
        () => users.deleteByFilter(filter()),
        () => users.updateOrAdd(filter(), [], { status: 'gone' }, { name: 'New' }),
      ]) {
        const err = await rejection(call);
        expect(err.code).toBe('API_PARAMS_ERROR');
        expect(err.details).toMatchObject({ argument: expect.stringMatching(/^(filter|q)$/), ...details });
        expect(err.message).toContain('models.UserModel.');
        expect(err.message).toContain(`'${String(details.key ?? details.field)}'`);
      }
      await expect(stored()).resolves.toEqual(rows);
      expect(afterSave).not.toHaveBeenCalled();
      expect(afterDelete).not.toHaveBeenCalled();
    });

    test.each(UNREADABLE)('%s', async (_what, filter) => {
      for (const call of [
        () => users.query(filter()),
        () => users.updateByFilter(filter(), { status: 'gone' }),
        () => users.deleteByFilter(filter()),
      ]) {
        const err = await rejection(call);
        expect(err.code).toBe('API_PARAMS_ERROR');
        expect(err.details.argument).toBe('filter');
      }
      await expect(stored()).resolves.toEqual(rows);
      await expect(backend.countRows('m_models_UserModel')).resolves.toBe(5);
    });

    test.each<[string, () => unknown]>([
      ['Q(1, 2)', () => Q(1, 2)],
      ['a condition without a value', () => Q('age', '>')],
      ['a field alone', () => Q('age')],
      ['an unknown connective', () => Q(Q('age', '=', 1), 'XOR', Q('age', '=', 2))],
      ['Q.AND and Q.OR in one call', () => Q(Q('age', '=', 1), Q.AND, Q('age', '=', 2), Q.OR, Q('age', '=', 3))],
      ['a Date for a Q', () => Q(new Date())],
      ['and() of a non-Q', () => Q('age', '=', 1).and({ age: 2 } as unknown as QExpression)],
      ['a Proxy as a value', () => Q('status', 'in', new Proxy(['active'], {}))],
    ])('building a malformed Q in code is API_PARAMS_ERROR: %s', (_what, build) => {
      expect(build).toThrow(expect.objectContaining({ code: 'API_PARAMS_ERROR' }));
    });

    test('more than 200 conditions in one filter are refused (use in)', async () => {
      const many = Array.from({ length: 201 }, (_, i) => Q('age', '=', i)).reduce((a, b) => a.or(b));
      expect((await rejection(() => users.query(many))).code).toBe('API_PARAMS_ERROR');
      const plenty = Array.from({ length: 200 }, (_, i) => Q('age', '=', i)).reduce((a, b) => a.or(b));
      expect(names((await users.query(plenty)).rowDatas)).toEqual(['Ann', 'Bob', 'Chloé', 'Eve']);
    });
  });

  describe('query', () => {
    test('returns { rowDatas, totalCount }: every row without a page, in insertion order', async () => {
      await expect(users.query()).resolves.toEqual({ rowDatas: rows, totalCount: 5 });
    });

    test('page and size (from 1): one page, and how many rows match in all', async () => {
      await expect(users.query({ page: 1, size: 2 })).resolves.toEqual({ rowDatas: rows.slice(0, 2), totalCount: 5 });
      await expect(users.query({ page: 3, size: 2 })).resolves.toEqual({ rowDatas: rows.slice(4), totalCount: 5 });
      await expect(users.query({ page: 4, size: 2 })).resolves.toEqual({ rowDatas: [], totalCount: 5 });
      await expect(users.query({ size: 2, filter: "Q(status='nobody')" })).resolves.toEqual({ rowDatas: [], totalCount: 0 });
      const page = await users.query("Q(department='IT')", null, null, 2, 2);
      expect({ names: names(page.rowDatas), totalCount: page.totalCount }).toEqual({ names: ['Eve'], totalCount: 3 });
    });

    test('positionally, as the Q page writes it: query(filter, fieldList, orderList, page, size)', async () => {
      const result = await users.query(Q(Q('status', '=', 'active')), ['name', 'age'], [['age', 1]], 1, 20);
      expect(result).toEqual({
        rowDatas: [
          { name: 'Chloé', age: 28 },
          { name: 'Ann', age: 34 },
        ],
        totalCount: 2,
      });
    });

    test('fieldList: only those fields, in its order', async () => {
      const { rowDatas } = await users.query({ fieldList: ['email', 'id'], size: 1 });
      expect(rowDatas).toEqual([{ email: 'ann@example.com', id: 1 }]);
      expect(Object.keys(rowDatas[0]!)).toEqual(['email', 'id']);
    });

    test.each<[string, unknown, string[]]>([
      ['ascending: a field without a value first', [['age', 1]], ['dave', 'Bob', 'Chloé', 'Ann', 'Eve']],
      ['descending: a field without a value last', [['age', -1]], ['Eve', 'Ann', 'Chloé', 'Bob', 'dave']],
      ['text by code point', [['name', 1]], ['Ann', 'Bob', 'Chloé', 'Eve', 'dave']],
      [
        'several keys; insertion order breaks ties',
        [
          ['department', -1],
          ['vip', 1],
        ],
        ['Chloé', 'Ann', 'Eve', 'Bob', 'dave'],
      ],
      ['a Datetime', [['createdAt', -1]], ['Eve', 'Chloé', 'Bob', 'Ann', 'dave']],
      ['none ([]): insertion order', [], ALL],
    ])('orderList %s', async (_what, orderList, expected) => {
      expect(names((await users.query({ orderList })).rowDatas)).toEqual(expected);
    });

    test('an object of field values is a filter (every field equal), as before', async () => {
      expect(names((await users.query({ status: 'active' })).rowDatas)).toEqual(['Ann', 'Chloé']);
      expect(names((await users.query({ status: 'active', age: '28' })).rowDatas)).toEqual(['Chloé']);
      expect(names((await users.query({})).rowDatas)).toEqual(ALL);
    });

    test("an object of query's arguments whose keys are also fields is refused as ambiguous", async () => {
      const shirts = (await load(shirtApp())).getElement<ModelElement>('models.Shirt');
      await shirts.create({ sku: 'S1', size: 'M', stock: 3 });
      await shirts.create({ sku: 'S2', size: 'L', stock: 0 });
      const err = await rejection(() => shirts.query({ size: 'M' }));
      expect(err).toMatchObject({ code: 'API_PARAMS_ERROR', details: { argument: 'size' } });
      expect((await shirts.query({ filter: { size: 'M' } })).rowDatas).toEqual([{ sku: 'S1', size: 'M', stock: 3 }]);
      expect((await shirts.query(Q({ size: 'M' }))).rowDatas).toEqual([{ sku: 'S1', size: 'M', stock: 3 }]);
    });

    test.each<[string, unknown[], string]>([
      ['a filter that is a number', [5], 'filter'],
      ['fieldList not a list', [null, 'name'], 'fieldList'],
      ['fieldList with an unknown field', [null, ['name', 'colour']], 'fieldList'],
      ['orderList not a list', [null, null, 'name'], 'orderList'],
      ['orderList with an unknown field', [null, null, [['colour', 1]]], 'orderList'],
      ['orderList with a direction that is not 1 or -1', [null, null, [['age', 2]]], 'orderList'],
      ['orderList of names only', [null, null, ['age']], 'orderList'],
      ['page 0', [null, null, null, 0, 10], 'page'],
      ['a fractional page', [null, null, null, 1.5, 10], 'page'],
      ['size 0', [null, null, null, 1, 0], 'size'],
      ['a page without a size', [null, null, null, 2], 'size'],
      ['a level that is not a number', [null, null, null, null, null, 'deep'], 'level'],
    ])('%s is API_PARAMS_ERROR naming the argument', async (_what, args, argument) => {
      const err = await rejection(() => users.query(...args));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details.argument).toBe(argument);
    });

    test('more arguments than JitAi takes are refused', async () => {
      expect((await rejection(() => users.query(null, null, null, 1, 2, 2, 'extra'))).code).toBe('API_PARAMS_ERROR');
    });
  });

  describe('get and count', () => {
    test('get(filter, orderList): the first match in that order, or null', async () => {
      await expect(users.get("Q(Q('id', '=', 1))", [])).resolves.toEqual(rows[0]);
      await expect(users.get(Q('status', '=', 'active'), [['age', 1]])).resolves.toEqual(rows[2]);
      await expect(users.get({ filter: "Q(status='active')", orderList: [['age', -1]] })).resolves.toEqual(rows[0]);
      await expect(users.get({ status: 'nobody' })).resolves.toBeNull();
      await expect(users.get(null)).resolves.toEqual(rows[0]);
    });

    test('get(id): the row with that key, a number or digits; a string that is not a Q is a key', async () => {
      await expect(users.get(3)).resolves.toEqual(rows[2]);
      await expect(users.get('3')).resolves.toEqual(rows[2]);
      await expect(users.get(99)).resolves.toBeNull();
      expect((await rejection(() => users.get('three'))).details.field).toBe('id');
      expect((await rejection(() => users.get())).code).toBe('API_PARAMS_ERROR');
    });

    test('get(key) of a model keyed by text: a key that starts like an expression is still a key', async () => {
      const shirts = (await load(shirtApp())).getElement<ModelElement>('models.Shirt');
      for (const sku of ['(A)', '~tmp', 'Quantum']) await shirts.create({ sku, stock: 1 });
      await expect(shirts.get('(A)')).resolves.toEqual({ sku: '(A)', size: null, stock: 1 });
      await expect(shirts.get('~tmp')).resolves.toMatchObject({ sku: '~tmp' });
      await expect(shirts.get('Quantum')).resolves.toMatchObject({ sku: 'Quantum' });
      await expect(shirts.get("Q(sku='~tmp')")).resolves.toMatchObject({ sku: '~tmp' });
    });

    test('count(filter)', async () => {
      await expect(users.count()).resolves.toBe(5);
      await expect(users.count('Q(vip=True)')).resolves.toBe(2);
      await expect(users.count({ department: 'IT' })).resolves.toBe(3);
    });
  });

  describe('bulk writes: one transaction, each row through afterSave / afterDelete', () => {
    /** The hook calls of UserModel from now on: afterSave's and afterDelete's rowObj, in order. */
    const recordHooks = () => {
      const calls: Array<[string, ModelRowChange]> = [];
      const afterSave = users.afterSave.bind(users);
      const afterDelete = users.afterDelete.bind(users);
      jest.spyOn(users, 'afterSave').mockImplementation(async (rowObj) => {
        calls.push(['afterSave', rowObj]);
        await afterSave(rowObj);
      });
      jest.spyOn(users, 'afterDelete').mockImplementation(async (rowObj) => {
        calls.push(['afterDelete', rowObj]);
        await afterDelete(rowObj);
      });
      return calls;
    };
    const change = (prevData: ModelRow | null, postData: ModelRow | null) => ({ model: 'models.UserModel', prevData, postData });

    test('updateByPK(pkList, updateData): the rows as stored, in insertion order; a key without a row is skipped', async () => {
      const calls = recordHooks();
      const updated = await users.updateByPK([3, 1, 99, '1'], { status: 'away' });
      expect(updated).toEqual([
        { ...rows[0], status: 'away' },
        { ...rows[2], status: 'away' },
      ]);
      expect(calls).toEqual([
        ['afterSave', change(rows[0]!, updated[0]!)],
        ['afterSave', change(rows[2]!, updated[1]!)],
      ]);
      await expect(stored()).resolves.toEqual([updated[0], rows[1], updated[1], rows[3], rows[4]]);
    });

    test('deleteByPK(pkList): the rows as they were', async () => {
      const calls = recordHooks();
      await expect(users.deleteByPK([4, 2, 99])).resolves.toEqual([rows[1], rows[3]]);
      expect(calls).toEqual([
        ['afterDelete', change(rows[1]!, null)],
        ['afterDelete', change(rows[3]!, null)],
      ]);
      expect(names(await stored())).toEqual(['Ann', 'Chloé', 'Eve']);
    });

    test('updateByFilter(filter, updateData): every match', async () => {
      const calls = recordHooks();
      const updated = await users.updateByFilter("Q(department='IT')", { department: 'Engineering' });
      expect(names(updated)).toEqual(['Ann', 'Chloé', 'Eve']);
      expect(calls.map(([hook, rowObj]) => [hook, rowObj.prevData?.department, rowObj.postData?.department])).toEqual([
        ['afterSave', 'IT', 'Engineering'],
        ['afterSave', 'IT', 'Engineering'],
        ['afterSave', 'IT', 'Engineering'],
      ]);
      await expect(users.count({ department: 'Engineering' })).resolves.toBe(3);
    });

    test('deleteByFilter(filter): every match', async () => {
      const calls = recordHooks();
      expect(names(await users.deleteByFilter('Q(vip=True)'))).toEqual(['Ann', 'Eve']);
      expect(calls.map(([hook, rowObj]) => [hook, rowObj.prevData?.name, rowObj.postData])).toEqual([
        ['afterDelete', 'Ann', null],
        ['afterDelete', 'Eve', null],
      ]);
      expect(names(await stored())).toEqual(['Bob', 'Chloé', 'dave']);
    });

    test('an empty filter is every row', async () => {
      expect(await users.updateByFilter('', { vip: false })).toHaveLength(5);
      expect(await users.deleteByFilter(null)).toHaveLength(5);
      await expect(stored()).resolves.toEqual([]);
    });

    test('updateOrAdd: the first match in orderList order is updated; without one, addData is created', async () => {
      const calls = recordHooks();
      const updated = await users.updateOrAdd("Q(department='IT')", [['age', -1]], { remark: 'oldest' }, { name: 'unused' });
      expect(updated).toEqual({ ...rows[4], remark: 'oldest' });
      const added = await users.updateOrAdd(
        "Q(email='new@example.com')",
        [],
        { name: 'unused' },
        { name: 'New', email: 'new@example.com' },
      );
      expect(added).toMatchObject({ id: 6, name: 'New', email: 'new@example.com', status: null });
      expect(calls).toEqual([
        ['afterSave', change(rows[4]!, updated)],
        ['afterSave', change(null, added)],
      ]);
    });

    test('createOrUpdateMany: a row with a stored key updates it, one without is created, in the list order', async () => {
      const calls = recordHooks();
      const saved = await users.createOrUpdateMany([{ name: 'Fay' }, { id: 1, name: 'Ann B.' }]);
      expect(saved).toEqual([expect.objectContaining({ id: 6, name: 'Fay' }), { ...rows[0], name: 'Ann B.' }]);
      expect(calls).toEqual([
        ['afterSave', change(null, saved[0]!)],
        ['afterSave', change(rows[0]!, saved[1]!)],
      ]);
    });

    test('createOrUpdateMany on a model keyed by its own field: the key decides', async () => {
      const shirts = (await load(shirtApp())).getElement<ModelElement>('models.Shirt');
      await shirts.create({ sku: 'S1', size: 'M', stock: 3 });
      await expect(
        shirts.createOrUpdateMany([
          { sku: 'S1', stock: 9 },
          { sku: 'S2', size: 'L' },
        ]),
      ).resolves.toEqual([
        { sku: 'S1', size: 'M', stock: 9 },
        { sku: 'S2', size: 'L', stock: null },
      ]);
      const err = await rejection(() => shirts.createOrUpdateMany([{ sku: 'S3' }, { size: 'XL' }]));
      expect(err).toMatchObject({ code: 'API_PARAMS_ERROR', details: { field: 'sku' } });
      expect(err.message).toContain('rowDataList[1]');
      await expect(shirts.count()).resolves.toBe(2);
    });

    test('a hook that throws on the second row rolls the whole write back', async () => {
      const failure = new Error('hook failed');
      const writes: Array<[string, () => Promise<unknown>]> = [
        ['updateByPK', () => users.updateByPK([1, 2, 3], { status: 'x' })],
        ['updateByFilter', () => users.updateByFilter(null, { status: 'x' })],
        ['createOrUpdateMany', () => users.createOrUpdateMany([{ name: 'Fay' }, { id: 2, status: 'x' }])],
        ['deleteByPK', () => users.deleteByPK([1, 2, 3])],
        ['deleteByFilter', () => users.deleteByFilter(null)],
      ];
      for (const [, write] of writes) {
        let calls = 0;
        const fail = async () => {
          calls += 1;
          if (calls === 2) throw failure;
        };
        jest.spyOn(users, 'afterSave').mockImplementation(fail);
        jest.spyOn(users, 'afterDelete').mockImplementation(fail);
        await expect(write()).rejects.toBe(failure);
        jest.restoreAllMocks();
        await expect(stored()).resolves.toEqual(rows);
      }
      await expect(users.create({ name: 'Fay' })).resolves.toMatchObject({ name: 'Fay' });
    });

    test('every changed row is published on app.rowHooks, as single writes publish theirs', async () => {
      const seen: Array<[unknown, unknown]> = [];
      app.rowHooks.add((c) => {
        seen.push([c.prevData?.name ?? null, c.postData?.status ?? null]);
      });
      await users.updateByFilter("Q(status='active')", { status: 'busy' });
      await users.deleteByPK([2]);
      expect(seen).toEqual([
        ['Ann', 'busy'],
        ['Chloé', 'busy'],
        ['Bob', null],
      ]);
    });

    test('triggerEvent 0 marks each change (model events are not to fire); the hooks still run', async () => {
      const calls = recordHooks();
      await users.updateByPK([1], { status: 'quiet' }, 0);
      await users.create({ name: 'Fay' }, false);
      await users.deleteByFilter("Q(name='Fay')", 0);
      await users.updateByPK([2], { status: 'loud' }, 1);
      expect(calls.map(([hook, rowObj]) => [hook, rowObj.triggerEvent])).toEqual([
        ['afterSave', false],
        ['afterSave', false],
        ['afterDelete', false],
        ['afterSave', undefined],
      ]);
      expect('triggerEvent' in calls[3]![1]).toBe(false);
    });
  });

  describe('every function refuses bad arguments with API_PARAMS_ERROR, and writes nothing', () => {
    test.each<[string, (m: ModelElement) => Promise<unknown>, Record<string, unknown>]>([
      ['updateByPK: pkList not a list', (m) => m.updateByPK(1, { status: 'x' }), { argument: 'pkList' }],
      ['updateByPK: a key that is not one', (m) => m.updateByPK([1, 'two'], { status: 'x' }), { field: 'id' }],
      ['updateByPK: a null key', (m) => m.updateByPK([1, null], { status: 'x' }), { field: 'id' }],
      ['updateByPK: an unknown field', (m) => m.updateByPK([1], { colour: 'red' }), { field: 'colour' }],
      ['updateByPK: a bad value', (m) => m.updateByPK([1, 2], { age: 'old' }), { field: 'age' }],
      ['updateByPK: the key in updateData', (m) => m.updateByPK([1], { id: 7 }), { field: 'id' }],
      ['updateByPK: updateData not an object', (m) => m.updateByPK([1], ['status'] as unknown as Record<string, unknown>), {}],
      ['updateByPK: triggerEvent not 1 or 0', (m) => m.updateByPK([1], { status: 'x' }, 'yes'), { argument: 'triggerEvent' }],
      ['deleteByPK: pkList not a list', (m) => m.deleteByPK('1,2'), { argument: 'pkList' }],
      ['deleteByPK: a key that is not one', (m) => m.deleteByPK([1, 2.5]), { field: 'id' }],
      ['deleteByPK: a Proxy for a list', (m) => m.deleteByPK(new Proxy([1], {})), { argument: 'pkList' }],
      ['updateByFilter: a bad value', (m) => m.updateByFilter(null, { vip: 'maybe' }), { field: 'vip' }],
      ['updateByFilter: the key in updateData', (m) => m.updateByFilter(null, { id: 1 }), { field: 'id' }],
      ['deleteByFilter: triggerEvent 2', (m) => m.deleteByFilter(null, 2), { argument: 'triggerEvent' }],
      ['updateOrAdd: a bad orderList', (m) => m.updateOrAdd(null, [['age', 0]], { status: 'x' }, { name: 'x' }), { argument: 'orderList' }],
      ['updateOrAdd: a bad updateData', (m) => m.updateOrAdd(null, [], { age: 'x' }, { name: 'x' }), { field: 'age' }],
      ['updateOrAdd: a bad addData, though a row matches', (m) => m.updateOrAdd(null, [], { status: 'x' }, { age: 'x' }), { field: 'age' }],
      ['updateOrAdd: an id in addData', (m) => m.updateOrAdd("Q(name='nobody')", [], {}, { id: 9 }), { field: 'id' }],
      ['createOrUpdateMany: not a list', (m) => m.createOrUpdateMany({ name: 'x' }), { argument: 'rowDataList' }],
      ['createOrUpdateMany: a row that is not an object', (m) => m.createOrUpdateMany([{ name: 'Fay' }, 5]), {}],
      ['createOrUpdateMany: a bad value in a later row', (m) => m.createOrUpdateMany([{ name: 'Fay' }, { age: 'x' }]), { field: 'age' }],
      [
        'createOrUpdateMany: an id that is not stored',
        (m) => m.createOrUpdateMany([{ name: 'Fay' }, { id: 99, name: 'ghost' }]),
        { field: 'id' },
      ],
      ['create: triggerEvent not 1 or 0', (m) => m.create({ name: 'Fay' }, 'no'), { argument: 'triggerEvent' }],
    ])('%s', async (_what, call, details) => {
      const afterSave = jest.spyOn(users, 'afterSave');
      const afterDelete = jest.spyOn(users, 'afterDelete');
      const err = await rejection(() => call(users));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.details).toMatchObject(details);
      await expect(stored()).resolves.toEqual(rows);
      expect(afterSave).not.toHaveBeenCalled();
      expect(afterDelete).not.toHaveBeenCalled();
    });
  });
}
