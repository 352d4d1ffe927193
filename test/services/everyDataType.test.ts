import Ajv2020 from 'ajv/dist/2020';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { checkApp, DATA_TYPES, datatypes, JitError, loadApp, ManualClock, type App, type ModelElement, type ServiceElement } from 'jittask';
import { dataTypeSchema } from '../../src/http/dataTypeSchema';
import { fixtureDir } from '../fixtures/fixtureDir';
import { openTaskApp } from '../fixtures/task-harness/openTaskApp';
import { onPostgres, queryPg } from '../models/onPostgres';
import { describePg } from '../support/pg';

// JitAi's data-types page, every type of it, through the fixture app written for it
// (test/fixtures/jitai/data-types): as arguments (plain, and as data type objects with
// argsToDatatype), as returns, and as model fields on both databases.

const appDir = fixtureDir('jitai', 'data-types');
const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The echo function's argument of a data type: its name is the type's, first letter lower case. */
const argOf = (dataType: string): string => dataType[0]!.toLowerCase() + dataType.slice(1);

/** The JitError `call` rejects with. */
async function rejection(call: () => Promise<unknown>): Promise<JitError> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JitError)) throw new Error(`expected a JitError, got ${String(err)}`);
  return err;
}

const address = { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' };
const order = { title: 'Desk', amount: 120 };

/** A value of each data type as a caller gives it, and what the function receives for it. */
const ACCEPTED: Array<[string, unknown, unknown]> = [
  ['Stext', 'hello', 'hello'],
  ['Ltext', 'line 1\tline 2', 'line 1\tline 2'],
  ['Numeric', '3.5', 3.5],
  ['Integer', '42', 42],
  ['Boolean', 1, true],
  ['Date', '2024-02-29', '2024-02-29'],
  ['JitDict', { a: 1 }, { a: 1 }],
  ['JitList', [1, 'a'], [1, 'a']],
  ['RowData', { id: 1 }, { id: 1 }],
  ['Any', 'anything', 'anything'],
  ['Money', '19.90', 19.9],
  ['Percent', '15', 15],
  ['AutoInt', '7', 7],
  ['Phone', ' +86 138 0013 8000 ', '+86 138 0013 8000'],
  ['Email', 'ana@example.com', 'ana@example.com'],
  ['Url', 'https://jit.pro', 'https://jit.pro'],
  ['Time', '9:30', '09:30:00'],
  ['RichText', '<p>Hi <b>there</b></p>', '<p>Hi <b>there</b></p>'],
  ['Serial', 'SO-20240101-01', 'SO-20240101-01'],
  ['Radio', 'open', 'open'],
  ['MultiRadio', ['web', 'shop'], ['web', 'shop']],
  ['Dropdown', 'high', 'high'],
  ['MultiDropdown', ['red', 'blue'], ['red', 'blue']],
  ['Checkbox', true, 1],
  ['File', [{ name: 'a.pdf', size: 1024, url: 'https://files/a.pdf' }], [{ name: 'a.pdf', size: 1024, url: 'https://files/a.pdf' }]],
  ['Image', ['https://img/1.png'], ['https://img/1.png']],
  ['Signature', 'data:image/png;base64,AAAA', 'data:image/png;base64,AAAA'],
  ['Dept', 'D001', 'D001'],
  ['MultiDept', ['D001', 'D002'], ['D001', 'D002']],
  ['Member', 'U001', 'U001'],
  ['MultiMember', ['U001'], ['U001']],
  ['Address', address, address],
  ['Identify', '11010519491231002X', '11010519491231002X'],
  ['LicensePlate', '浙A12345', '浙A12345'],
  ['Position', { ...address, address: '西湖', lng: 120.1, lat: 30.3 }, { ...address, address: '西湖', lng: 120.1, lat: 30.3 }],
  ['Link', { url: 'https://jit.pro', linkTitle: 'JitAi' }, { url: 'https://jit.pro', linkTitle: 'JitAi' }],
  ['SubTable', [{ item: 'pen' }], [{ item: 'pen' }]],
  ['JitMap', { a: 1, b: 2 }, { a: 1, b: 2 }],
  ['RowList', [order], [order]],
  ['RelateData', { id: 3, ...order }, { id: 3, ...order }],
  ['MultiRelateData', [{ id: 3 }], [{ id: 3 }]],
  ['QFilter', "Q(status='open') & Q(amount__gt=100)", "Q(status='open') & Q(amount__gt=100)"],
];

/** A value of each of the page's types that is not of it, and what the refusal says. */
const REFUSED: Array<[string, unknown, string]> = [
  ['RichText', 42, 'expected a string'],
  ['Serial', 'x'.repeat(256), 'at most 255 characters'],
  ['Radio', { value: 'open' }, 'expected a string'],
  ['MultiRadio', 'web', 'expected a list of strings'],
  ['MultiDropdown', ['red', 2], 'expected a list of strings'],
  ['Checkbox', 'yes', 'expected 1 or 0'],
  ['File', 'a.pdf', 'expected a list of files'],
  ['Image', [42], 'expected a list of files'],
  ['Signature', 5, 'expected a string'],
  ['Dept', 5, 'expected a string'],
  ['MultiDept', [5], 'expected a list of strings'],
  ['Member', ['U001'], 'expected a string'],
  ['MultiMember', 'U001', 'expected a list of strings'],
  ['Address', '杭州市西湖区', 'expected an address'],
  ['Address', { province: 330000 }, 'expected an address'],
  ['Identify', 11010519491231, 'expected a string'],
  ['LicensePlate', '浙A12345678901', 'at most 12 characters'],
  ['Position', { lng: '120.1' }, 'expected a position'],
  ['Link', { url: 5 }, 'expected a link'],
  ['Link', { url: new Date() }, 'expected a link'],
  ['SubTable', { item: 'pen' }, 'expected a list of rows'],
  ['JitMap', [1], 'expected a mapping'],
  ['RowList', [1], 'expected a row'],
  ['RelateData', 'order 3', 'expected a row'],
  ['MultiRelateData', { id: 3 }, 'expected a list of rows'],
  ['QFilter', 42, 'expected a Q expression'],
  ['QFilter', "Q(status='open'", 'expected a Q expression'],
];

describe("every type of JitAi's data-types page as a declared argument (argsToDatatype 0: plain values)", () => {
  let app: App;
  let svc: ServiceElement;
  beforeAll(async () => {
    app = await loadApp(appDir, { dataDir: tempDir('jt-datatypes-') });
    svc = app.getElement<ServiceElement>('services.DataTypeSvc');
  });
  afterAll(() => app.close());

  test('the fixture declares an argument of every data type, and the table below gives a value of each', () => {
    const declared = (
      app.getElementDefine('services.DataTypeSvc').functionList as Array<{ name: string; args: Array<{ dataType: string }> }>
    )
      .find((f) => f.name === 'echo')!
      .args.map((a) => a.dataType);
    expect([...declared].sort()).toEqual([...DATA_TYPES].sort());
    expect(ACCEPTED.map(([t]) => t).sort()).toEqual([...DATA_TYPES].filter((t) => t !== 'Datetime').sort());
  });

  test.each(ACCEPTED)('%s: %p arrives as %p', async (dataType, given, expected) => {
    const received = (await svc.callFunction('echo', { [argOf(dataType)]: given })) as Record<string, unknown>;
    expect(received[argOf(dataType)]).toEqual(expected);
  });

  test('Datetime: text in the app zone arrives as a luxon DateTime', async () => {
    const received = (await svc.callFunction('echo', { datetime: '2024-01-15 09:30:00' })) as Record<string, unknown>;
    expect(DateTime.isDateTime(received.datetime) && received.datetime.toFormat('yyyy-MM-dd HH:mm')).toBe('2024-01-15 09:30');
  });

  test.each(REFUSED)('%s: %p is API_PARAMS_ERROR naming the argument', async (dataType, given, reason) => {
    const err = await rejection(() => svc.callFunction('echo', { [argOf(dataType)]: given }));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.details).toEqual({ argument: argOf(dataType) });
    expect(err.message).toContain(`argument '${argOf(dataType)}' (${dataType})`);
    expect(err.message).toContain(reason);
  });

  test("a RowList whose generic is models.Order takes only that model's fields, each of its type", async () => {
    const unknownField = await rejection(() => svc.callFunction('echo', { rowList: [order, { title: 'Chair', colour: 'red' }] }));
    expect(unknownField.message).toContain("value[1].colour: not a field of the row's model");
    const badType = await rejection(() => svc.callFunction('echo', { rowList: [{ title: 'Chair', amount: 'a lot' }] }));
    expect(badType.message).toContain('value[0].amount (Money): expected a finite number');
    const relate = await rejection(() => svc.callFunction('echo', { relateData: { id: 3, urgent: 'yes' } }));
    expect(relate.message).toContain('value.urgent (Checkbox)');
    // Its key is one of its fields, as every row has it.
    await expect(svc.callFunction('echo', { rowList: [{ id: 7, title: 'Chair' }] })).resolves.toEqual({
      rowList: [{ id: 7, title: 'Chair' }],
    });
  });

  test('a data type object given for a value stands for its value', async () => {
    const received = (await svc.callFunction('echo', {
      money: datatypes.Money({ value: 5 }),
      address: datatypes.Address({ value: address }),
    })) as Record<string, unknown>;
    expect(received).toEqual({ money: 5, address });
  });
});

test.each(ACCEPTED.filter(([type]) => type !== 'Any'))(
  "%s: the argument's JSON Schema in openapi.json takes %p, as the call does",
  (dataType, given) => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    expect(ajv.validate(dataTypeSchema({ name: 'x', dataType }), given)).toBe(true);
  },
);

describe('argsToDatatype on: the function receives data type objects', () => {
  let app: App;
  let svc: ServiceElement;
  beforeAll(async () => {
    app = await loadApp(appDir, { dataDir: tempDir('jt-datatypes-') });
    svc = app.getElement<ServiceElement>('services.DataTypeSvc');
  });
  afterAll(() => app.close());

  test("argsToDatatype 1: each argument is its type's object, with .value and the page's properties", async () => {
    const seen = (await svc.callFunction('inspect', {
      amount: '150',
      discount: 15,
      note: '<p>Hi <b>there</b></p>',
      tags: ['red', 'blue'],
      shipTo: address,
      due: '2024-01-31',
      placedAt: '2024-01-15 09:30:00',
      orders: [order],
      prices: { a: 1 },
      filter: "Q(status='open')",
      urgent: true,
      homepage: { url: 'https://jit.pro', linkTitle: 'JitAi' },
    })) as { value: Record<string, unknown> };
    expect(seen.value).toEqual({
      amount: { value: 150, isMoney: true, doubled: 300, over100: true, title: 'Amount' },
      discount: { value: 15, unit: '%', textValue: '15%' },
      note: { textValue: 'Hi there', value: '<p>Hi <b>there</b></p>' },
      tags: { count: 2, first: 'red' },
      shipTo: { province: '浙江省', city: '杭州市', district: '西湖区', display: '浙江省 杭州市 西湖区 文三路 1 号' },
      due: { year: 2024, month: 1, weekDay: 3, nextMonth: '2024-02-29' },
      placedAt: { hour: 9, date: '2024-01-15' },
      orders: { length: 1, firstRow: order, model: 'models.Order' },
      prices: { keys: ['a'], a: 1 },
      filter: "(Q(status='open')) & (Q(amount__gt=100))",
      urgent: 1,
      homepage: { url: 'https://jit.pro', display: 'JitAi' },
      // An argument left out is an object too, its value null.
      missing: { isObject: true, value: null },
    });
  });

  test('a plain value returned becomes an object of the returnType, which JSON reads as its value', async () => {
    const total = await svc.callFunction('discounted', { amount: 1000, discount: 15 });
    expect(total).toBeInstanceOf(datatypes.Money);
    expect((total as { value: number }).value).toBe(850);
    expect(JSON.stringify({ total })).toBe('{"total":850}');
    // Positional calls take the same path.
    const svcFns = svc as unknown as { discounted(a: number, d: number): Promise<{ value: number }> };
    expect((await svcFns.discounted(200, 50)).value).toBe(100);
  });

  test('a return that is not of the returnType is INTERNAL_ERROR naming the function', async () => {
    const err = await rejection(() => svc.callFunction('broken', {}));
    expect(err.code).toBe('INTERNAL_ERROR');
    expect(err.message).toContain('services.DataTypeSvc.broken returned a value that is not a Money');
  });

  test('argsToDatatype false: a plain number in, and a datatypes.Money returned reaches the caller as its value', async () => {
    await expect(svc.callFunction('priced', { amount: '10' })).resolves.toBe(11);
  });

  test("argsToDatatype true (the custom-business-service page): calculateTotal's result.value is 850", async () => {
    const other = await loadApp(fixtureDir('jitai', 'custom-business-service'), { dataDir: tempDir('jt-datatypes-') });
    try {
      const service = other.getElement<ServiceElement>('services.MyBusinessService');
      const result = (await service.callFunction('calculateTotal', { amount: 1000.0, discount: 15.0 })) as { value: number };
      expect(result.value).toBe(850);
    } finally {
      await other.close();
    }
  });
});

describe("datatypes: JitAi's constructors of data type objects", () => {
  test('with or without new, the value converted as an argument of the type would be', () => {
    const money = datatypes.Money({ value: '850.5' });
    expect(money.value).toBe(850.5);
    expect(new datatypes.Money({ value: 1 })).toBeInstanceOf(datatypes.Money);
    expect(money).not.toBeInstanceOf(datatypes.Numeric);
    expect(datatypes.Percent({ value: 12.5, decimal: 1 }).getDisplayValue()).toBe('12.5%');
    expect(datatypes.Stext({ value: 'abc' }).length).toBe(3);
    expect(datatypes.Identify({ value: '11010519491231002X' }).birthday).toBe('1949-12-31');
    expect(datatypes.JitList({ value: [3, 1, 2] }).max).toBe(3);
    expect(datatypes.Datetime({ value: '2024-01-15T09:30:00+08:00' }).value?.toMillis()).toBe(Date.parse('2024-01-15T01:30:00Z'));
    expect(datatypes.Stext().value).toBeNull();
  });

  test('a value that does not convert is API_PARAMS_ERROR', () => {
    expect(() => datatypes.Money({ value: 'ten' })).toThrow(expect.objectContaining({ code: 'API_PARAMS_ERROR' }));
    expect(() => datatypes.Address({ value: 'Hangzhou' })).toThrow(/datatypes\.Address: expected an address/);
  });
});

/** An app extending the fixture with `elements` (folder under elements/ → e.yaml content). */
function extendFixture(elements: Record<string, Record<string, unknown>>): string {
  const dir = tempDir('jt-datatypes-app-');
  fs.writeFileSync(path.join(dir, 'app.yaml'), stringify({ appId: 'test.DataTypesEdited', title: 'Edited', extends: [appDir] }));
  for (const [folder, define] of Object.entries(elements)) {
    fs.mkdirSync(path.join(dir, 'elements', folder), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elements', folder, 'e.yaml'), stringify(define));
  }
  return dir;
}

describe('a data type nobody documents is still refused when the app loads, with file and line', () => {
  test('an unknown returnType, a generic that names no model or a non-model; argsToDatatype 1 and 0 pass', () => {
    const dir = extendFixture({
      'services/Checked': {
        title: 'Checked',
        type: 'services.NormalType',
        functionList: [
          { name: 'a', argsToDatatype: 1, args: [{ name: 'rows', dataType: 'RowList', generic: 'models.Nope' }], returnType: 'Decimal' },
          {
            name: 'b',
            argsToDatatype: 0,
            args: [{ name: 'row', dataType: 'RelateData', generic: 'services.DataTypeSvc' }],
            returnType: 'None',
          },
        ],
      },
    });
    const file = path.join(dir, 'elements/services/Checked/e.yaml');
    const issues = checkApp(dir, {}).map((i) => ({ code: i.code, file: i.file, line: i.line, path: i.path, message: i.message }));
    expect(issues.filter((i) => i.code === 'CONFIG_INVALID')).toEqual([
      {
        code: 'CONFIG_INVALID',
        file,
        line: 9,
        path: 'functionList.0.args.0.generic',
        message: expect.stringContaining("generic 'models.Nope' names no element"),
      },
      {
        code: 'CONFIG_INVALID',
        file,
        line: 10,
        path: 'functionList.0.returnType',
        message: expect.stringContaining("unknown returnType 'Decimal'"),
      },
      {
        code: 'CONFIG_INVALID',
        file,
        line: 16,
        path: 'functionList.1.args.0.generic',
        message: expect.stringContaining("generic 'services.DataTypeSvc' is not a model"),
      },
    ]);
  });

  test('argsToDatatype is true, false, 1 or 0: 2 is refused', () => {
    const dir = extendFixture({
      'services/Checked': { title: 'Checked', type: 'services.NormalType', functionList: [{ name: 'toString', argsToDatatype: 2 }] },
    });
    expect(checkApp(dir, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: path.join(dir, 'elements/services/Checked/e.yaml'),
        line: 5,
        path: 'functionList.0.argsToDatatype',
        message: 'must be one of true, false, 0, 1',
      }),
    ]);
  });

  test("a model field of a type the page marks 'not applicable to model fields', or of no type at all", () => {
    const dir = extendFixture({
      'models/Order': {
        fields: [
          { name: 'title', title: 'Title', dataType: 'Stext' },
          { name: 'prices', title: 'Prices', dataType: 'JitMap' },
          { name: 'where', title: 'Where', dataType: 'Location' },
        ],
      },
    });
    const file = path.join(dir, 'elements/models/Order/e.yaml');
    expect(checkApp(dir, {})).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file,
        line: 7,
        path: 'fields.1.dataType',
        message: expect.stringContaining("unknown dataType 'JitMap'"),
      }),
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file,
        line: 10,
        path: 'fields.2.dataType',
        message: expect.stringContaining("unknown dataType 'Location'"),
      }),
    ]);
  });
});

test("a task's arguments of the page's types are checked before it is written: a bad one writes nothing", async () => {
  const dir = extendFixture({
    'tasks/EchoJob': {
      title: 'Echo job',
      type: 'tasks.NormalType',
      enable: false,
      funcType: 'Global',
      func: 'services.DataTypeSvc.echo',
      timerCfg: { startTime: '2030-01-01 00:00:00', repeat: { repeatType: 'normal' } },
    },
  });
  const app = await loadApp(dir, { dataDir: tempDir('jt-datatypes-') });
  try {
    const tasks = app.getElement<{
      createTimerTask(...args: unknown[]): Promise<unknown>;
      listTasks(filter: object): Promise<unknown[]>;
    }>('services.TaskSvc');
    const err = await rejection(() =>
      tasks.createTimerTask('tasks.EchoJob', '2030-01-01 00:00:00', 'services.DataTypeSvc.echo', 'tasks.NormalType', { address: '杭州' }),
    );
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.message).toContain("'address'");
    await expect(tasks.listTasks({ fullName: 'tasks.EchoJob' })).resolves.toEqual([]);
  } finally {
    await app.close();
  }
});

test('a task whose function has argsToDatatype on stores the Money it returns as the amount', async () => {
  const dir = extendFixture({
    'tasks/DiscountJob': {
      title: 'Discount job',
      type: 'tasks.NormalType',
      funcType: 'Global',
      func: 'services.DataTypeSvc.discounted',
      argDict: { amount: 1000, discount: 15 },
      timerCfg: { startTime: '2024-01-01 09:00:00', repeat: { repeatType: 'normal' } },
    },
  });
  fs.appendFileSync(path.join(dir, 'app.yaml'), 'settings: { timezone: UTC }\n');
  const clock = new ManualClock(Date.parse('2024-01-01T08:59:00Z'));
  const opened = await openTaskApp(dir, clock, tempDir('jt-datatypes-'));
  try {
    await clock.advance(2 * 60_000);
    const [run] = await opened.svc.listTasks({ fullName: 'tasks.DiscountJob', status: 'completed' });
    expect(run!.result).toBe(850);
  } finally {
    await opened.close();
  }
});

/** A row of models.Order with a value of every field type, as given and as read back. */
const orderRow = {
  title: 'Desk',
  note: '<p>Oak</p>',
  orderNo: 'SO-01',
  status: 'open',
  channels: ['web'],
  priority: 'high',
  tags: ['office', 'wood'],
  urgent: true,
  attachments: [{ name: 'quote.pdf', size: 2048 }],
  photos: ['https://img/desk.png'],
  signature: 'data:image/png;base64,AAAA',
  dept: 'D001',
  depts: ['D001', 'D002'],
  owner: 'U001',
  watchers: ['U002', 'U003'],
  shipTo: address,
  idCard: '11010519491231002X',
  plate: '浙A12345',
  phone: '13800138000',
  location: { ...address, lng: 120.1, lat: 30.3 },
  homepage: { url: 'https://jit.pro', linkTitle: 'JitAi' },
  lines: [{ item: 'top' }, { item: 'legs' }],
  customer: { id: 9, name: 'Ana' },
  related: [{ id: 1 }, { id: 2 }],
  amount: '120.50',
  discount: 10,
  total: 108.45,
  due: '2024-03-01',
  placedAt: '2024-02-20 10:00:00',
  slot: '9:00',
  comment: 'Leave at the door',
};
const storedOrder = { ...orderRow, urgent: 1, amount: 120.5, slot: '09:00:00' };

/** The model behaviour on one database: `open` loads the fixture on it; `stored` reads a column directly. */
function modelFieldSuite(open: () => Promise<App>, stored: (column: string) => Promise<unknown[]>): void {
  let app: App;
  let orders: ModelElement;
  beforeEach(async () => {
    app = await open();
    orders = app.getElement<ModelElement>('models.Order');
  });
  afterEach(() => app.close());

  test('a row with a value of every field type round-trips in its JSON shape', async () => {
    const created = await orders.create(orderRow);
    expect(created).toEqual({ id: created.id, ...storedOrder });
    // Lists and objects are JSON text, a Checkbox an integer.
    expect(await stored('shipTo')).toEqual([JSON.stringify(address)]);
    expect(await stored('urgent')).toEqual([1]);
  });

  test('a bad value is API_PARAMS_ERROR naming the field, and nothing is written', async () => {
    for (const [field, value] of [
      ['shipTo', '杭州'],
      ['tags', 'office'],
      ['urgent', 'yes'],
      ['location', { lat: new Date() }],
      ['customer', [1]],
    ] as const) {
      const err = await rejection(() => orders.create({ ...orderRow, [field]: value }));
      expect(err.code).toBe('API_PARAMS_ERROR');
      expect(err.message).toContain(`field '${field}'`);
    }
    expect(await stored('title')).toEqual([]);
  });
}

describe("model fields of the page's types on SQLite", () => {
  let dataDir: string;
  modelFieldSuite(
    () => loadApp(appDir, { dataDir: (dataDir = tempDir('jt-datatypes-')) }),
    async (column) => {
      const db = new Database(path.join(dataDir, 'databases', 'Default', 'data.db'), { readonly: true });
      try {
        return db
          .prepare(`SELECT "${column}" AS v FROM m_models_Order`)
          .all()
          .map((r) => (r as { v: unknown }).v);
      } finally {
        db.close();
      }
    },
  );
});

describePg("model fields of the page's types on PostgreSQL", ({ create }) => {
  let url: string;
  modelFieldSuite(
    async () =>
      loadApp(onPostgres(appDir), { env: { ...process.env, DATABASE_URL: (url = await create()) }, dataDir: tempDir('jt-datatypes-') }),
    async (column) => {
      const exists = await queryPg<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'm_models_Order'");
      if (exists[0]!.n === 0) return [];
      return (await queryPg<{ v: unknown }>(url, `SELECT "${column}" AS v FROM "m_models_Order"`)).map((r) => r.v);
    },
  );
});
