import Database from 'better-sqlite3';
import * as path from 'node:path';
import { checkApp, JitError, loadApp, type App, type ModelElement } from 'jittask';
import { describePg } from '../support/pg';
import { onPostgres } from './onPostgres';
import { tempDataDir, writeModelApp } from './writeModelApp';

/** An app with `models.Invoice`, whose fields use JitAi's data types. */
function invoiceApp(): string {
  return writeModelApp({
    'models/Invoice': {
      title: 'Invoice',
      type: 'models.NormalType',
      fields: [
        { name: 'total', title: 'Total', dataType: 'Money' },
        { name: 'vat', title: 'VAT', dataType: 'Percent' },
        { name: 'billTo', title: 'Billed to', dataType: 'Email' },
        { name: 'dueAt', title: 'Due at', dataType: 'Time' },
        { name: 'ref', title: 'Reference', dataType: 'Stext', maxLength: 6 },
      ],
    },
  });
}

describe("model fields of JitAi's data types on SQLite", () => {
  let app: App;
  let dataDir: string;
  let invoices: ModelElement;
  beforeEach(async () => {
    dataDir = tempDataDir();
    app = await loadApp(invoiceApp(), { dataDir });
    invoices = app.getElement<ModelElement>('models.Invoice');
  });
  afterEach(() => app.close());

  test('a Money and an Email field round-trip, converted on the way in, Money in a numeric column', async () => {
    const created = await invoices.create({ total: '1999.95', vat: '19', billTo: ' ana@example.com ', dueAt: '9:30', ref: 'INV-01' });
    expect(created).toMatchObject({ total: 1999.95, vat: 19, billTo: 'ana@example.com', dueAt: '09:30:00', ref: 'INV-01' });
    await expect(invoices.get(created.id)).resolves.toEqual(created);
    const db = new Database(path.join(dataDir, 'databases', 'Default', 'data.db'));
    try {
      const row = db.prepare('SELECT typeof(total) AS total, typeof(billTo) AS billTo FROM m_models_Invoice').get();
      expect(row).toEqual({ total: 'real', billTo: 'text' });
    } finally {
      db.close();
    }
  });

  test('a bad Email, or an Stext over its declared length, is refused naming the field', async () => {
    for (const [data, name] of [
      [{ billTo: 'nobody' }, 'billTo'],
      [{ ref: 'INV-0001' }, 'ref'],
    ] as const) {
      const err = await invoices.create(data).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(JitError);
      expect((err as JitError).message).toContain(`field '${name}'`);
    }
  });
});

describePg("model fields of JitAi's data types on PostgreSQL", ({ url }) => {
  test('the same row round-trips, Money read back as a number', async () => {
    const app = await loadApp(onPostgres(invoiceApp()), { env: { ...process.env, DATABASE_URL: url }, dataDir: tempDataDir() });
    try {
      const invoices = app.getElement<ModelElement>('models.Invoice');
      const created = await invoices.create({ total: '1999.95', vat: 19, billTo: 'ana@example.com', dueAt: '09:30', ref: 'INV-01' });
      await expect(invoices.get(created.id)).resolves.toEqual({
        id: created.id,
        total: 1999.95,
        vat: 19,
        billTo: 'ana@example.com',
        dueAt: '09:30:00',
        ref: 'INV-01',
      });
    } finally {
      await app.close();
    }
  });
});

test("an AutoInt field is refused at load: the database assigns each row's integer id", () => {
  const dir = writeModelApp({
    'models/Invoice': { title: 'Invoice', type: 'models.NormalType', fields: [{ name: 'no', title: 'No', dataType: 'AutoInt' }] },
  });
  expect(checkApp(dir, {})).toEqual([
    expect.objectContaining({
      code: 'CONFIG_INVALID',
      path: 'fields.0.dataType',
      file: expect.stringMatching(/Invoice[/\\]e\.yaml$/),
      message: expect.stringContaining('the database assigns'),
    }),
  ]);
});
