import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import * as publicExports from '../../src/index';

/**
 * The task wing's store is reached only inside src/tasks. Import rules (.dependency-cruiser.cjs)
 * see modules, not property chains: `(await svc.ready).engine.store` imports nothing from the
 * store, so this test reads the sources for such chains.
 */
const root = path.resolve(__dirname, '../..');

/** Code outside the task wing: src but src/tasks, the built-in elements, the command's entry. */
const SCANNED = ['src', 'elements', 'bin'];
const WING = path.join(root, 'src', 'tasks');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === WING ? [] : sourceFiles(full);
    return /\.(ts|js|cjs|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** An expression that names the engine: `engine`, `this.engine`, `svc.engine`, `x['engine']`, through casts and parentheses. */
function namesEngine(node: ts.Expression): boolean {
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node)
  ) {
    node = node.expression;
  }
  if (ts.isIdentifier(node)) return /engine$/i.test(node.text);
  if (ts.isPropertyAccessExpression(node)) return /engine$/i.test(node.name.text);
  if (ts.isElementAccessExpression(node))
    return ts.isStringLiteralLike(node.argumentExpression) && /engine$/i.test(node.argumentExpression.text);
  return false;
}

/** Whether a destructuring pattern takes `store` (or takes `engine` and then `store` from it). */
function bindsStore(pattern: ts.BindingName, fromEngine: boolean): boolean {
  if (!ts.isObjectBindingPattern(pattern)) return false;
  return pattern.elements.some((element) => {
    const key = element.propertyName ?? element.name;
    const keyText = ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : '';
    if (fromEngine && keyText === 'store') return true;
    return /engine$/i.test(keyText) && bindsStore(element.name, true);
  });
}

/** Every place of `text` where the engine's store is reached, as `line: code`. */
function storeReaches(file: string, text: string): string[] {
  const kind = file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const report = (node: ts.Node): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${line + 1}: ${node.getText(source).replace(/\s+/g, ' ')}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'store' && namesEngine(node.expression)) report(node);
    else if (
      ts.isElementAccessExpression(node) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === 'store' &&
      namesEngine(node.expression)
    )
      report(node);
    else if (ts.isVariableDeclaration(node) && node.initializer && bindsStore(node.name, namesEngine(node.initializer))) report(node);
    else if (ts.isParameter(node) && bindsStore(node.name, false)) report(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the task store is reached only inside src/tasks', () => {
  test('no file outside src/tasks reaches the engine’s store by a property chain or a destructuring', () => {
    const reaches = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir))).flatMap((file) =>
      storeReaches(file, fs.readFileSync(file, 'utf8')).map((where) => `${path.relative(root, file)}:${where}`),
    );
    expect(reaches).toEqual([]);
  });

  test('the check finds the chains the way code writes them', () => {
    const code = `
      const a = (await svc.ready).engine.store;
      const b = this.engine.store.list({});
      const c = engine?.store;
      const d = (svc.engine as any)['store'];
      const { store } = svc.engine;
      const { engine: { store: s } } = svc;
      const fine = svc.service.queries; // the read model through the front door
      const alsoFine = app.store;`;
    expect(storeReaches('probe.ts', code).map((r) => r.split(':')[0])).toEqual(['2', '3', '4', '5', '6', '7']);
  });

  test('the public exports hold neither the engine nor the service class: only the front door’s typed service', () => {
    expect(Object.keys(publicExports)).not.toContain('TaskEngine');
    expect(Object.keys(publicExports)).not.toContain('TaskService');
    expect(Object.keys(publicExports)).toEqual(expect.arrayContaining(['taskServiceOf', 'taskSvcClass']));
  });

  test('the built-in elements require only the public exports, which take the task wing from its front door', () => {
    const requires = sourceFiles(path.join(root, 'elements')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
    );
    expect(requires.length).toBeGreaterThan(0);
    expect(requires.filter((name) => name !== 'jittask')).toEqual([]);
  });
});
