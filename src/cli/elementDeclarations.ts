import { DatabaseElement } from '../databases/DatabaseElement';
import { PgDatabaseElement } from '../databases/PgDatabaseElement';
import { SqliteDatabaseElement } from '../databases/SqliteDatabaseElement';
import { ModelElement } from '../models/ModelElement';
import { ElementBase, type ElementClass } from '../runtime/ElementBase';
import type { ElementRecord } from '../runtime/ElementDefinition';
import { isDataType, ROW_DATA_TYPES, type DataType } from '../services/dataTypes';
import { takesDataTypeObjects, type FunctionArgument, type FunctionDeclaration } from '../services/FunctionDeclaration';
import { ServiceElement } from '../services/ServiceElement';
import { DateFieldTemplateElement, TaskTemplateElement, TimerTemplateElement } from '../tasks';

/** What {@link elementDeclarations} reads: the app's element records and built classes (no instance is created). */
export interface DeclaredApp {
  appId: string;
  records: ReadonlyMap<string, ElementRecord>;
  classes: ReadonlyMap<string, ElementClass>;
}

/**
 * jittask's classes an element class may derive from, nearest first, with the names the package
 * exports them by: an element is typed as the nearest one its class extends.
 */
const KNOWN_CLASSES: ReadonlyArray<readonly [unknown, string]> = [
  [DateFieldTemplateElement, 'DateFieldTemplateElement'],
  [TimerTemplateElement, 'TimerTemplateElement'],
  [TaskTemplateElement, 'TaskTemplateElement'],
  [ModelElement, 'ModelElement'],
  [ServiceElement, 'ServiceElement'],
  [PgDatabaseElement, 'PgDatabaseElement'],
  [SqliteDatabaseElement, 'SqliteDatabaseElement'],
  [DatabaseElement, 'DatabaseElement'],
  [ElementBase, 'ElementBase'],
];

/** The row types declared in the file, by model fullName: the type's name and its declaration. */
type RowTypes = Map<string, { name: string; text: string }>;

/** The row types whose value is a list of rows (the others, one row). */
const ROW_LIST_TYPES: readonly string[] = ['RowList', 'SubTable', 'MultiRelateData'];

/**
 * The text of the declaration file `jittask types` writes: it fills jittask's `ElementRegistry`
 * by declaration merging, so that in a TypeScript host app `app.getElement('services.X')` has the
 * element's type and an unknown fullName does not compile. Every element the app sees is listed:
 * an Instance as the jittask class its class derives from, a Type or Meta as that class itself
 * (`getElement` gives the class). A service Instance also gets its declared functions, positional
 * and through `callFunction`, typed from their `dataType`s (a row type with a model `generic` as
 * rows of that model's fields) and `returnType`: an object of it when `argsToDatatype` is on.
 * Pure: the same app gives the same text.
 */
export function elementDeclarations(app: DeclaredApp): string {
  const visible = [...app.records.values()].filter((r) => r.visible).sort((a, b) => a.fullName.localeCompare(b.fullName));
  const rowTypes: RowTypes = new Map();
  const usedClasses = new Set<string>();
  const entries = visible.map((record) => {
    const known = knownClassOf(app.classes.get(record.fullName));
    usedClasses.add(known);
    const doc = docComment(record.define.title, '    ');
    if (record.kind !== 'Instance') return `${doc}    ${JSON.stringify(record.fullName)}: typeof ${known};`;
    // Only services route declared functions through callFunction (and take them positionally).
    const functions = known === 'ServiceElement' ? declaredFunctions(record) : [];
    if (functions.length === 0) return `${doc}    ${JSON.stringify(record.fullName)}: ${known};`;
    const omitted = ['callFunction', ...functions.map((f) => f.name)].map((n) => JSON.stringify(n)).join(' | ');
    const members = functions.flatMap((fn) => functionMembers(fn, app, rowTypes));
    return `${doc}    ${JSON.stringify(record.fullName)}: Omit<${known}, ${omitted}> & {\n${members.join('\n')}\n    };`;
  });
  const imports = ['DataTypeInput', 'DataTypeInputs', 'DataTypeObjects', ...[...usedClasses].sort()];
  return [
    `// Written by \`jittask types\` for the app ${app.appId}: the type of \`app.getElement(fullName)\` for`,
    '// each of its elements. Run it again after changing an element; do not edit.',
    `import type { ${imports.join(', ')} } from 'jittask';`,
    '',
    ...[...rowTypes.values()].map((r) => r.text),
    "declare module 'jittask' {",
    '  interface ElementRegistry {',
    ...entries,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The name of the nearest jittask class `cls` derives from (itself included). */
function knownClassOf(cls: ElementClass | undefined): string {
  for (let c: unknown = cls; c; c = Object.getPrototypeOf(c)) {
    const hit = KNOWN_CLASSES.find(([known]) => known === c);
    if (hit) return hit[1];
  }
  return 'ElementBase';
}

function declaredFunctions(record: ElementRecord): FunctionDeclaration[] {
  return Array.isArray(record.define.functionList) ? (record.define.functionList as FunctionDeclaration[]) : [];
}

/** A declared function as a positional method and as an overload of `callFunction`. */
function functionMembers(fn: FunctionDeclaration, app: DeclaredApp, rowTypes: RowTypes): string[] {
  const args = fn.args ?? [];
  const result = `Promise<${returnType(fn)}>`;
  // A parameter may be left out only when every one after it may be too.
  const lastRequired = args.map((a) => a.required === true).lastIndexOf(true);
  const positional = args.map((a, i) => {
    const type = argumentType(a, app, rowTypes);
    return a.required === true
      ? `${a.name}: ${type}`
      : i > lastRequired
        ? `${a.name}?: ${type} | null`
        : `${a.name}: ${type} | null | undefined`;
  });
  const named = args.map((a) =>
    a.required === true ? `${a.name}: ${argumentType(a, app, rowTypes)}` : `${a.name}?: ${argumentType(a, app, rowTypes)} | null`,
  );
  const anyRequired = lastRequired >= 0;
  const doc = docComment([fn.title, fn.desc].filter((t) => typeof t === 'string' && t !== '').join(': '), '      ');
  return [
    `${doc}      ${fn.name}(${positional.join(', ')}): ${result};`,
    `      callFunction(name: ${JSON.stringify(fn.name)}, args${anyRequired ? '' : '?'}: ${named.length > 0 ? `{ ${named.join('; ')} }` : 'Record<string, never>'}): ${result};`,
  ];
}

/** What a caller may give for an argument. */
function argumentType(arg: FunctionArgument, app: DeclaredApp, rowTypes: RowTypes): string {
  const dataType = arg.dataType ?? 'Any';
  if (!isDataType(dataType) || dataType === 'Any') return 'unknown';
  if (typeof arg.generic === 'string' && ROW_DATA_TYPES.includes(dataType)) {
    const row = rowType(arg.generic, app, rowTypes);
    if (row)
      return ROW_LIST_TYPES.includes(dataType) ? `${row}[] | DataTypeObjects['${dataType}']` : `${row} | DataTypeObjects['${dataType}']`;
  }
  return `DataTypeInput<'${dataType}'>`;
}

/** What the function's promise gives. */
function returnType(fn: FunctionDeclaration): string {
  const declared = fn.returnType;
  if (declared === 'None') return 'void';
  if (declared === undefined || !isDataType(declared) || declared === 'Any') return 'unknown';
  return takesDataTypeObjects(fn) ? `DataTypeObjects['${declared}']` : `DataTypeInputs['${declared}']`;
}

/** The name of the row type of model `fullName` (declared once in the file), or null when it is not a model. */
function rowType(fullName: string, app: DeclaredApp, rowTypes: RowTypes): string | null {
  const known = rowTypes.get(fullName);
  if (known) return known.name;
  const define = app.records.get(fullName)?.define;
  if (!define || !Array.isArray(define.fields)) return null;
  const name = `RowOf_${fullName.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const fields = define.fields as Array<{ name: string; dataType: string; primaryKey?: boolean }>;
  const key = fields.some((f) => f.primaryKey === true) ? [] : ['id?: number | null'];
  const members = [
    ...key,
    ...fields.map(
      (f) =>
        `${f.name}?: ${isDataType(f.dataType) && f.dataType !== 'Any' ? `DataTypeInput<'${f.dataType as DataType}'>` : 'unknown'} | null`,
    ),
  ];
  rowTypes.set(fullName, { name, text: `/** A row of ${fullName} as a caller gives it. */\ntype ${name} = { ${members.join('; ')} };\n` });
  return name;
}

/** A TSDoc comment of `text` (none when empty), its `*\/` defused. */
function docComment(text: unknown, indent: string): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  return `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n`;
}
