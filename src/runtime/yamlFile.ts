import * as fs from 'node:fs';
import * as jsYaml from 'js-yaml';
import type * as Yaml from 'yaml';
import type { JitIssue } from '../errors/JitError';
import type { KeyPath, SourcePosition } from './ElementDefinition';

/**
 * The `yaml` parser, loaded only when a position or a syntax error is asked for: files are read
 * with js-yaml, and a load without a problem to report need not pay for `yaml`'s 70-odd modules.
 */
function yamlParser(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof Yaml;
}

/** A parsed YAML (or JSON) file that can tell where each key sits. */
export interface ParsedFile {
  file: string;
  data: unknown;
  /** False when the text holds no `{{`: filling placeholders can then be skipped. */
  hasPlaceholders: boolean;
  /** Position of the key (or item) at `path`; the nearest existing ancestor when it is missing. */
  locate(path: KeyPath): SourcePosition | undefined;
}

/**
 * Reads a YAML or JSON file (JSON is YAML 1.2, so the same parsers serve both). Syntax errors
 * come back as CONFIG_INVALID issues with line and column instead of being thrown.
 */
export function readYamlFile(file: string): { parsed?: ParsedFile; issues: JitIssue[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    return { issues: [{ code: 'CONFIG_INVALID', file, message: `cannot read file: ${(cause as Error).message}` }] };
  }
  // js-yaml reads a file five times faster than building the position-keeping document; the
  // document is built only when a position is asked for (a problem is being reported) or when
  // js-yaml refuses the text (the document then names the syntax error's line and column).
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file });
  } catch {
    const full = readDocument(file, text);
    if (full.issues.length > 0) return full;
    data = full.parsed?.data;
  }
  // js-yaml shares one object per anchor, so a "billion laughs" file loads small and explodes only
  // when something walks or copies it. Its expanded size is measured without expanding it.
  if (text.includes('*') && expandedSize(data, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES) {
    return { issues: [aliasBombIssue(file, text)] };
  }
  let full: { parsed?: ParsedFile } | undefined;
  const locate = (path: KeyPath): SourcePosition | undefined => {
    full ??= readDocument(file, text);
    return full.parsed?.locate(path);
  };
  return { parsed: { file, data: data ?? {}, hasPlaceholders: text.includes('{{'), locate }, issues: [] };
}

/**
 * The most values (scalars and collections) a file may hold once its aliases are expanded. Far
 * above any real definition, far below what would exhaust memory.
 */
const MAX_EXPANDED_VALUES = 100_000;

/**
 * How many values `data` holds with every shared (aliased) object counted at each place it is
 * used; counting stops once past `limit`. Memoised per object, so it costs one visit per distinct
 * object however often aliases repeat it. A cycle (an alias inside its own anchor) counts as
 * unbounded.
 */
function expandedSize(data: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const visit = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    sizes.set(value, Infinity); // until done: meeting it again below means a cycle
    let total = 1;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      total += visit(child);
      if (total > limit) break;
    }
    sizes.set(value, total);
    return total;
  };
  return visit(data);
}

/** The CONFIG_INVALID issue of a file whose aliases expand too far, at its first alias. */
function aliasBombIssue(file: string, text: string): JitIssue {
  const { LineCounter, parseDocument, visit } = yamlParser();
  const lineCounter = new LineCounter();
  // Parsing without converting to JS keeps aliases as references: this is cheap and safe.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  let offset: number | undefined;
  visit(doc, {
    Alias: (_key, node) => {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
  return {
    code: 'CONFIG_INVALID',
    file,
    line: pos?.line,
    column: pos?.col,
    message: `YAML aliases expand this file to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values: refused (an alias bomb?)`,
  };
}

/** Parses with `yaml`, keeping every node's position. */
function readDocument(file: string, text: string): { parsed?: ParsedFile; issues: JitIssue[] } {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlParser();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { code: 'CONFIG_INVALID', file, line: pos.line, column: pos.col, message: `syntax error: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const toPos = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate = (path: KeyPath): SourcePosition | undefined => {
    let node: unknown = doc.contents;
    let found: SourcePosition | undefined = node && (node as Yaml.Node).range ? toPos((node as Yaml.Node).range![0]) : undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        if (isScalar(pair.key) && pair.key.range) found = toPos(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
        // Schema errors name list items by their index as a string ("functionList/0/args").
        const item = node.items[Number(seg)] as Yaml.Node | undefined;
        if (!item) break;
        if (item.range) found = toPos(item.range[0]);
        node = item;
      } else break;
    }
    return found;
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // `yaml` refuses excessive aliasing (a ReferenceError) on its own.
    if ((err as Error).name !== 'ReferenceError') throw err;
    return { issues: [aliasBombIssue(file, text)] };
  }
  return { parsed: { file, data: data ?? {}, hasPlaceholders: text.includes('{{'), locate }, issues: [] };
}
