import * as path from 'node:path';
import { checkApp, JitError, loadApp, type App, type ServiceElement } from 'jittask';
import { fixtureDir } from '../fixtures/fixtureDir';

let quotes: ServiceElement;

/** What `quote` received for one argument given by name. */
async function received(arg: string, given: unknown): Promise<unknown> {
  const result = (await quotes.callFunction('quote', { [arg]: given })) as Record<string, unknown>;
  return result[arg];
}

/** The JitError a call of `quote` with one argument rejects with. */
async function refusal(arg: string, given: unknown): Promise<JitError> {
  const err = await quotes.callFunction('quote', { [arg]: given }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JitError)) throw new Error(`expected a JitError, got ${String(err)}`);
  return err;
}

describe("a service declared with JitAi's data types takes and converts their values", () => {
  let app: App;
  beforeAll(async () => {
    app = await loadApp(fixtureDir('jitai-types'));
    quotes = app.getElement<ServiceElement>('services.QuoteSvc');
  });
  afterAll(() => app.close());

  test.each<[string, string, unknown, unknown]>([
    ['Money', 'amount', '19.90', 19.9],
    ['Money', 'amount', 1250, 1250],
    ['Percent', 'discount', '12.5', 12.5],
    ['Percent', 'discount', 0, 0],
    ['AutoInt', 'orderNo', '42', 42],
    ['Phone', 'phone', ' +49 (30) 1234-567 ', '+49 (30) 1234-567'],
    ['Email', 'email', ' ana@example.com ', 'ana@example.com'],
    ['Url', 'site', 'https://shop.example.com/p?id=1', 'https://shop.example.com/p?id=1'],
    ['Time', 'callAt', '9:05', '09:05:00'],
    ['Time', 'callAt', '23:59:59', '23:59:59'],
    ['Stext of a declared length', 'code', 'ABCDEFGH', 'ABCDEFGH'],
  ])('%s: %s given %p arrives as %p', async (_type, arg, given, expected) => {
    await expect(received(arg, given)).resolves.toEqual(expected);
  });

  test.each<[string, string, unknown, string]>([
    ['Money', 'amount', 'ten euros', 'expected a finite number'],
    ['Percent', 'discount', '15%', 'expected a finite number'],
    ['AutoInt', 'orderNo', 1.5, 'expected a safe integer'],
    ['Phone', 'phone', 'call me', 'expected a phone number'],
    ['Phone', 'phone', 4930123, 'expected a phone number'],
    ['Email', 'email', 'ana@', 'expected an email address'],
    ['Email', 'email', 'ana bob@example.com', 'expected an email address'],
    ['Url', 'site', 'shop.example.com', 'expected an http or https URL'],
    ['Url', 'site', 'javascript:alert(1)', 'expected an http or https URL'],
    ['Time', 'callAt', '24:00', 'expected a time of day HH:mm:ss'],
    ['Time', 'callAt', '10:60:00', 'expected a time of day HH:mm:ss'],
    ['Stext of a declared length', 'code', 'ABCDEFGHI', 'expected a string of at most 8 characters'],
  ])('%s: %s given %p is API_PARAMS_ERROR naming it', async (_type, arg, given, reason) => {
    const err = await refusal(arg, given);
    expect(err.code).toBe('API_PARAMS_ERROR');
    expect(err.message).toContain(`argument '${arg}'`);
    expect(err.message).toContain(reason);
  });
});

describe('a data type nobody supports is refused when the app loads, not on every call', () => {
  const dir = fixtureDir('broken-unknown-datatype');
  const file = path.join(dir, 'elements/services/QuoteSvc/e.yaml');

  test('checkApp names the file, line and key path of each bad dataType (and a length on a type without one)', () => {
    const issues = checkApp(dir, {}).map((i) => ({ code: i.code, file: i.file, line: i.line, path: i.path, message: i.message }));
    expect(issues).toEqual([
      {
        code: 'CONFIG_INVALID',
        file,
        line: 7,
        path: 'functionList.0.args.1.dataType',
        message: expect.stringContaining("unknown dataType 'Location'"),
      },
      {
        code: 'CONFIG_INVALID',
        file,
        line: 8,
        path: 'functionList.0.args.2.maxLength',
        message: expect.stringContaining('maxLength applies to Stext only'),
      },
    ]);
  });

  test('loadApp refuses the app with CONFIG_INVALID', async () => {
    const err = await loadApp(dir).then(
      (a) => a.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JitError);
    expect((err as JitError).code).toBe('CONFIG_INVALID');
    expect((err as JitError).issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ file, line: 7, path: 'functionList.0.args.1.dataType' })]),
    );
  });
});
