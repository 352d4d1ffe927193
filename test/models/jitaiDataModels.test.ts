import { loadApp, type App, type ModelElement, type ServiceElement } from 'jittask';
import { describePg, runSql } from '../support/pg';
import { DATA_MODELS_APP } from './jitormContract';
import { onPostgres } from './onPostgres';
import { tempDataDir } from './writeModelApp';

/**
 * The examples of JitAi's data-model and Q-expression pages, as the fixture's `services.UserSvc`
 * runs them (test/fixtures/jitai/data-models), on each database.
 */
function pageExamples(load: () => Promise<App>): void {
  let app: App;
  let svc: ServiceElement;
  let users: ModelElement;
  const call = (name: string) => svc.callFunction(name, {}) as Promise<unknown>;

  beforeEach(async () => {
    app = await load();
    svc = app.getElement<ServiceElement>('services.UserSvc');
    users = app.getElement<ModelElement>('models.UserModel');
  });
  afterEach(async () => {
    await app.close();
  });

  test('create, then the paginated query: result["rowDatas"], result["totalCount"]', async () => {
    const created = await call('createUser');
    expect(created).toMatchObject({ id: 1, name: 'Zhang San', email: 'zhangsan@example.com' });
    await expect(call('firstPage')).resolves.toEqual({ users: [created], total: 1 });
  });

  test('updateOrAdd by email: added the first time, updated the second (both editions of the page)', async () => {
    await expect(call('updateOrAddByEmail')).resolves.toMatchObject({ id: 1, name: 'New User', email: 'test@example.com' });
    await expect(call('updateOrAddByEmail')).resolves.toMatchObject({ id: 1, name: 'Updated Name', email: 'test@example.com' });
    await expect(call('updateOrAddByEmailOlder')).resolves.toMatchObject({ id: 1, name: '更新后的名字' });
    await expect(users.count()).resolves.toBe(1);
  });

  test('createOrUpdateMany, updateByPK, updateByFilter, deleteByFilter, deleteByPK', async () => {
    await expect(call('importUsers')).resolves.toEqual([
      expect.objectContaining({ id: 1, name: 'User1' }),
      expect.objectContaining({ id: 2, name: 'User2' }),
    ]);
    await users.create({ name: 'User3', status: 'inactive' });
    await users.create({ name: 'User4', status: 'inactive' });
    // [1, 2, 3] become active; 4 stays inactive, then expired, then deleted.
    expect(((await call('activateUsers')) as Array<{ status: string }>).map((u) => u.status)).toEqual(['active', 'active', 'active']);
    expect(((await call('expireInactiveUsers')) as Array<{ name: string }>).map((u) => u.name)).toEqual(['User4']);
    expect(((await call('deleteExpiredUsers')) as Array<{ name: string }>).map((u) => u.name)).toEqual(['User4']);
    expect(((await call('deleteUsers')) as Array<{ name: string }>).map((u) => u.name)).toEqual(['User1', 'User2', 'User3']);
    await expect(users.count()).resolves.toBe(0);
  });

  test('query with a filter, orderList and page; get by id and "the latest active user"; getCompareResult', async () => {
    await users.create({ name: 'Old', status: 'active', age: 40, createdAt: '2024-01-01 10:00:00', email: 'user@example.com' });
    await users.create({ name: 'New', status: 'active', age: 16, createdAt: '2025-01-01 10:00:00' });
    await users.create({ name: 'Gone', status: 'inactive', age: 30, createdAt: '2025-06-01 10:00:00' });
    const newest = (await call('newestActive')) as { rowDatas: Array<{ name: string }>; totalCount: number };
    expect({ names: newest.rowDatas.map((u) => u.name), totalCount: newest.totalCount }).toEqual({ names: ['New', 'Old'], totalCount: 2 });
    await expect(call('getUserById')).resolves.toMatchObject({ id: 1, name: 'Old' });
    // The page sorts ascending: the first created.
    await expect(call('getLatestActive')).resolves.toMatchObject({ name: 'Old' });
    await expect(call('isValidUser')).resolves.toBe(true);
    const page = (await call('activeUsersPage')) as { rowDatas: Array<{ name: string }>; totalCount: number };
    expect(page.rowDatas.map((u) => u.name)).toEqual(['Old', 'New']);
    const adults = (await call('activeAdults')) as { rowDatas: Array<{ name: string }> };
    expect(adults.rowDatas.map((u) => u.name)).toEqual(['Old']);
    await expect(call('userByEmail')).resolves.toMatchObject({ name: 'Old' });
  });

  test("the Q page's JavaScript: Q(Q('amount', 'gt', 100), Q.AND, Q('createTime', 'year', 2023)), null, null, 1, 20", async () => {
    const orders = app.getElement<ModelElement>('models.OrderModel');
    await orders.create({ amount: 150, status: 'pending', createTime: '2023-05-01 12:00:00' });
    await orders.create({ amount: 90, status: 'pending', createTime: '2023-06-01 12:00:00' });
    await orders.create({ amount: 500, status: 'processing', createTime: '2024-02-01 12:00:00' });
    await orders.create({ amount: 700, status: 'done', createTime: '2024-03-01 12:00:00' });
    const result = (await call('bigOrdersOf2023')) as { rowDatas: Array<{ amount: number }>; totalCount: number };
    expect({ amounts: result.rowDatas.map((o) => o.amount), totalCount: result.totalCount }).toEqual({ amounts: [150], totalCount: 1 });
    const open = (await call('openBigOrders')) as { rowDatas: Array<{ amount: number }> };
    expect(open.rowDatas.map((o) => o.amount)).toEqual([500]);
  });

  test("the Chinese Q page's batch operations on products", async () => {
    const products = app.getElement<ModelElement>('models.ProductModel');
    await products.create({ name: 'Phone', category: 'electronics', stock: 3, expire_date: '2030-01-01' });
    await products.create({ name: 'TV', category: 'electronics', stock: 30, expire_date: '2030-01-01' });
    await products.create({ name: 'Milk', category: 'food', stock: 2, expire_date: '2023-12-31' });
    expect(((await call('markLowStock')) as Array<{ name: string }>).map((p) => p.name)).toEqual(['Phone']);
    expect(((await call('deleteExpiredProducts')) as Array<{ name: string }>).map((p) => p.name)).toEqual(['Milk']);
    expect((await products.query()).rowDatas.map((p) => [p.name, p.status])).toEqual([
      ['Phone', 'low_stock'],
      ['TV', null],
    ]);
  });
}

describe("JitAi's data-model page examples on SQLite", () => {
  pageExamples(() => loadApp(DATA_MODELS_APP, { dataDir: tempDataDir() }));
});

describePg("JitAi's data-model page examples on PostgreSQL", ({ url }) => {
  beforeEach(async () => {
    await runSql(url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });
  pageExamples(() => loadApp(onPostgres(DATA_MODELS_APP), { env: { ...process.env, DATABASE_URL: url }, dataDir: tempDataDir() }));
});
