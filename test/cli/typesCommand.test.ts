import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { main } from '../../src/cli/main';

// `jittask types`: the declaration file with which a TypeScript host app's
// `app.getElement('services.X')` has the element's type. The host app's code is compiled with the
// TypeScript compiler, as its own build would, against jittask's sources.

const root = path.join(__dirname, '../..');
const hostApp = path.join(root, 'test/fixtures/typed-host');

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-types-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI in-process and collects what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'jittask', ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

/** The host app's code: a function that gets the app and calls its elements. */
const HOST_PREAMBLE = `import type { App } from 'jittask';
export async function run(app: App): Promise<unknown> {
`;

/** Each host file's source: the body of `run`. */
const HOSTS: Record<string, string> = {
  'correct.ts': `
  const prices = app.getElement('services.PriceSvc');
  const price = await prices.price(1000, 15);
  const value: number | null = price.value;
  const label: string = await prices.label('A-1', ['red'], new Date());
  await prices.callFunction('label', { code: 'A-1' });
  await prices.total([{ title: 'Desk', amount: 120, shipTo: { province: '浙江省' } }]);
  await prices.ping();
  const orders = app.getElement('models.Order');
  const tasks = app.getElement('services.TaskSvc');
  await tasks.listTasks({ fullName: 'tasks.X' });
  const Meta = app.getElement('services.Meta');
  // The type can still be stated, for any registered name.
  const untyped = app.getElement<{ anything: number }>('services.PriceSvc');
  return [value, label, orders.fullName, Meta.name, untyped.anything];
`,
  'wrongArgument.ts': `
  const prices = app.getElement('services.PriceSvc');
  return prices.price('a thousand');
`,
  'wrongNamedArgument.ts': `
  const prices = app.getElement('services.PriceSvc');
  return prices.callFunction('label', { code: 42 });
`,
  'wrongRow.ts': `
  const prices = app.getElement('services.PriceSvc');
  return prices.total([{ title: 'Desk', colour: 'red' }]);
`,
  'undeclaredFunction.ts': `
  const prices = app.getElement('services.PriceSvc');
  return prices.callFunction('discount', {});
`,
  'unknownName.ts': `
  return app.getElement('services.PriceSvcc');
`,
};

/**
 * Compiles the host files (with `declarations`, the file `jittask types` wrote, when given) as a
 * strict TypeScript project whose `jittask` is this repository's sources, and returns each host
 * file's errors as `line: TSnnnn`. Errors of jittask's own files are not the host's concern here.
 */
function compileHost(declarations?: string): Record<string, string[]> {
  const files = Object.entries(HOSTS).map(([name, body]) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, `${HOST_PREAMBLE}${body}}\n`);
    return file;
  });
  const program = ts.createProgram({
    rootNames: declarations ? [...files, declarations] : files,
    options: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules/@types')],
      baseUrl: root,
      paths: { jittask: ['./src/index.ts'] },
    },
  });
  const errors: Record<string, string[]> = {};
  for (const file of declarations ? [...files, declarations] : files) {
    const source = program.getSourceFile(file)!;
    errors[path.basename(file)] = ts.getPreEmitDiagnostics(program, source).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `${line}: TS${d.code}`;
    });
  }
  return errors;
}

test('jittask types writes the declarations; with them a correct call compiles, a wrong argument or an unknown fullName does not', async () => {
  const declarations = path.join(work, 'jittask-elements.d.ts');
  const r = await cli('types', hostApp, '--out', declarations);
  expect(r).toMatchObject({ code: 0, err: [] });
  expect(r.out).toEqual([expect.stringContaining(`${declarations}: the types of`)]);
  const text = fs.readFileSync(declarations, 'utf8');
  expect(text).toContain("declare module 'jittask'");
  expect(text).toContain('"services.PriceSvc": Omit<ServiceElement');

  const errors = compileHost(declarations);
  expect(errors).toEqual({
    'correct.ts': [],
    // Line 5 of each file is the call (after the two lines of the preamble, a blank one and getElement).
    'wrongArgument.ts': ['5: TS2345'],
    'wrongNamedArgument.ts': ['5: TS2769'],
    'wrongRow.ts': ['5: TS2353'],
    'undeclaredFunction.ts': ['5: TS2769'],
    'unknownName.ts': ['4: TS2769'],
    'jittask-elements.d.ts': [],
  });
}, 120_000);

test('without the declarations getElement is untyped: the unknown fullName compiles, the typed calls do not', () => {
  const errors = compileHost();
  expect(errors['unknownName.ts']).toEqual([]);
  // `prices` is `unknown` until the registry says what it is.
  expect(errors['correct.ts']).toContain('5: TS18046');
}, 120_000);

test('an app with a problem is reported and no file is written', async () => {
  const declarations = path.join(work, 'out.d.ts');
  const r = await cli('types', path.join(root, 'test/fixtures/broken-unknown-datatype'), '--out', declarations);
  expect(r.code).toBe(1);
  expect(r.err.join('\n')).toContain("unknown dataType 'Location'");
  expect(fs.existsSync(declarations)).toBe(false);
});

test('the default file is jittask-elements.d.ts beside the app', async () => {
  const app = path.join(work, 'app');
  fs.cpSync(hostApp, app, { recursive: true });
  const r = await cli('types', app);
  expect(r.code).toBe(0);
  expect(fs.existsSync(path.join(app, 'jittask-elements.d.ts'))).toBe(true);
});
