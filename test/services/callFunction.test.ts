import { isJitError, JitError, loadApp, type App, type ServiceElement } from 'jittask';
import { callLog } from '../fixtures/callLog';
import { fixtureDir } from '../fixtures/fixtureDir';

interface OrderSvc extends ServiceElement {
  place(sku: unknown, qty: unknown, note?: unknown, due?: unknown, gift?: unknown, extra?: unknown): Promise<Record<string, unknown>>;
}

let app: App;
let orders: OrderSvc;
beforeAll(async () => {
  app = await loadApp(fixtureDir('orders'));
  orders = app.getElement<OrderSvc>('services.OrderSvc');
});
afterAll(() => app.close());
beforeEach(() => {
  callLog.length = 0;
});

/** The JitError a call rejects with. */
async function rejection(call: () => Promise<unknown>): Promise<JitError> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JitError)) throw new Error(`expected a JitError, got ${String(err)}`);
  return err;
}

describe('calling a declared function', () => {
  test('positionally: arguments map to the declared names, converted by dataType, defaults filled', async () => {
    await expect(orders.place('apple', '3')).resolves.toEqual({ sku: 'apple', qty: 3, note: 'none', due: null, gift: false });
  });

  test('by name through callFunction: the same path, times read in the app zone', async () => {
    await expect(orders.callFunction('place', { sku: 'pear', qty: 2, due: '2024-03-01 10:00:00', gift: 'true' })).resolves.toEqual({
      sku: 'pear',
      qty: 2,
      note: 'none',
      due: '2024-03-01T10:00:00.000+01:00',
      gift: true,
    });
  });

  test('returns a Promise', () => {
    const result = orders.place('fig', 1);
    expect(result).toBeInstanceOf(Promise);
    return result;
  });
});

describe('bad arguments are API_PARAMS_ERROR naming the argument, and the method does not run', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a value of the wrong dataType', { sku: 'apple', qty: 'three' }, 'qty'],
    ['a fraction for an Integer', { sku: 'apple', qty: 1.5 }, 'qty'],
    ['an Stext over 255 characters', { sku: 'x'.repeat(256), qty: 1 }, 'sku'],
    ['an unparseable Datetime', { sku: 'apple', qty: 1, due: 'tomorrow' }, 'due'],
    ['a missing required argument', { qty: 1 }, 'sku'],
    ['a null required argument', { sku: null, qty: 1 }, 'sku'],
    ['an undeclared argument', { sku: 'apple', qty: 1, colour: 'red' }, 'colour'],
  ])('%s', async (_what, args, argument) => {
    const err = await rejection(() => orders.callFunction('place', args));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.details.argument).toBe(argument);
    expect(err.message).toContain(`'${argument}'`);
    expect(err.message).toContain('services.OrderSvc.place');
    expect(callLog).toEqual([]);
  });

  test('a positional call is checked the same way', async () => {
    const err = await rejection(() => orders.place('apple', 'many'));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.details.argument).toBe('qty');
  });

  test('a positional call with more arguments than declared', async () => {
    const err = await rejection(() => orders.place('apple', 1, 'n', undefined, false, 'one too many'));
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(callLog).toEqual([]);
  });

  test('arguments that are not an object of named values', async () => {
    const err = await rejection(() => orders.callFunction('place', ['apple', 1] as unknown as Record<string, unknown>));
    expect(err.code).toBe('API_PARAMS_ERROR');
  });
});

describe('only declared functions are reachable by name', () => {
  test.each(['refundAll', 'constructor', '__proto__', 'toString', 'onLoad', 'callFunction', 'nothingAtAll'])(
    '%s is refused',
    async (name) => {
      const err = await rejection(() => orders.callFunction(name, {}));
      expect(isJitError(err, 'FUNCTION_NOT_FOUND')).toBe(true);
      expect(err.message).toContain(`'${name}'`);
      expect(callLog).toEqual([]);
    },
  );
});
