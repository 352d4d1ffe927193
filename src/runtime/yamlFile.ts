import * as fs from 'node:fs';
import * as jsYaml from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { JitIssue } from '../errors/JitError';
import type { KeyPath, SourcePosition } from './ElementDefinition';

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
  let located: ((path: KeyPath) => SourcePosition | undefined) | undefined;
  const locate = (path: KeyPath): SourcePosition | undefined => {
    located ??= readDocument(file, text).parsed?.locate ?? (() => undefined);
    return located(path);
  };
  return { parsed: { file, data: data ?? {}, hasPlaceholders: text.includes('{{'), locate }, issues: [] };
}

/** Parses with `yaml`, keeping every node's position. */
function readDocument(file: string, text: string): { parsed?: ParsedFile; issues: JitIssue[] } {
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
    let found: SourcePosition | undefined = node && (node as Node).range ? toPos((node as Node).range![0]) : undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        if (isScalar(pair.key) && pair.key.range) found = toPos(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        if (item.range) found = toPos(item.range[0]);
        node = item;
      } else break;
    }
    return found;
  };
  return { parsed: { file, data: doc.toJS({ maxAliasCount: 100 }) ?? {}, hasPlaceholders: text.includes('{{'), locate }, issues: [] };
}
