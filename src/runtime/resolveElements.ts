import type { JitIssue } from '../errors/JitError';
import type { ErrorCode } from '../errors/ErrorCode';
import { DefinitionValidator, errorKeyPath, errorMessage } from './definitionSchema';
import type { DefinitionSource, ElementDefine, ElementKind, ElementRecord, KeyPath } from './ElementDefinition';
import { hasKeyPath } from './hasKeyPath';

/**
 * Turns the definitions found along the app chain into merged, validated element records
 * (SPEC §4): private parents' elements hidden, overrides merged child over parent, `protected`
 * overrides refused, type chains checked to end in a Meta, every merged definition validated
 * against its family's schema. Returns every problem found, not just the first.
 */
export function resolveElements(
  sourcesChildFirst: DefinitionSource[],
  rootAppId: string,
): { records: Map<string, ElementRecord>; issues: JitIssue[] } {
  const issues: JitIssue[] = [];
  const grouped = new Map<string, DefinitionSource[]>();
  const defined = new Set(sourcesChildFirst.filter((s) => !s.codeOnly).map((s) => s.fullName));
  for (const s of sourcesChildFirst) {
    if (s.codeOnly && !defined.has(s.fullName)) continue; // plain code folder, not an element
    const list = grouped.get(s.fullName) ?? [];
    list.push(s);
    grouped.set(s.fullName, list);
  }

  // A parent's private element is invisible to apps below it: a nearer definition does not merge
  // over it, and without one it stays loadable only for the parent's own elements.
  const visibleSources = new Map<string, { sources: DefinitionSource[]; visible: boolean }>();
  for (const [fullName, sources] of grouped) {
    const idx = sources.findIndex((s) => s.appId !== rootAppId && s.data.accessModifier === 'private');
    if (idx > 0) visibleSources.set(fullName, { sources: sources.slice(0, idx), visible: true });
    else visibleSources.set(fullName, { sources, visible: idx !== 0 });
  }

  const effectiveType = (fullName: string): string | undefined => {
    const sources = visibleSources.get(fullName)?.sources ?? [];
    const t = sources.find((s) => s.data.type !== undefined && s.data.type !== null && s.data.type !== '')?.data.type;
    return typeof t === 'string' ? t : undefined;
  };
  const derives = (type: string, ancestor: string): boolean => {
    const seen = new Set<string>();
    for (let t: string | undefined = type; t !== undefined && !seen.has(t); t = effectiveType(t)) {
      if (t === ancestor) return true;
      seen.add(t);
    }
    return false;
  };

  const records = new Map<string, ElementRecord>();
  for (const [fullName, { sources, visible }] of visibleSources) {
    let acc: Record<string, unknown> = { ...sources[sources.length - 1]!.data };
    for (let i = sources.length - 2; i >= 0; i--) {
      const over = sources[i]!;
      const below = sources[i + 1]!;
      if (acc.accessModifier === 'protected') {
        issues.push(
          at(over, [], 'OVERRIDE_FORBIDDEN', `'${fullName}' is protected in ${below.file} and cannot be overridden by ${over.file}`),
        );
      }
      const parentConfig =
        acc.type !== undefined &&
        over.data.type !== undefined &&
        typeof over.data.type === 'string' &&
        typeof acc.type === 'string' &&
        !derives(over.data.type, acc.type)
          ? {}
          : asRecord(acc.config);
      acc = { ...acc, ...over.data, config: { ...parentConfig, ...asRecord(over.data.config) } };
    }
    const define = { ...acc, fullName, config: asRecord(acc.config) } as ElementDefine;
    if (define.type === null || define.type === '') delete define.type;
    records.set(fullName, { fullName, kind: kindOf(define), define, sources, typeChain: [], visible });
  }

  for (const record of records.values()) {
    const chainIssue = resolveTypeChain(record, records);
    if (chainIssue) issues.push(chainIssue);
  }

  const validator = new DefinitionValidator();
  for (const record of records.values()) {
    const chainSchemas = [...record.typeChain].reverse().map((owner) => ({ owner, schema: records.get(owner)?.define.defineSchema ?? {} }));
    for (const err of validator.validate(record.define, record.kind, chainSchemas)) {
      const keyPath = errorKeyPath(err);
      const source = record.sources.find((s) => hasKeyPath(s.data, keyPath)) ?? record.sources[0]!;
      issues.push(at(source, keyPath, 'CONFIG_INVALID', errorMessage(err)));
    }
  }
  return { records, issues };
}

/** Meta when it has no type, Type when its name ends in `Type` (JitAi's convention), else Instance; `kind:` overrides. */
function kindOf(define: ElementDefine): ElementKind {
  if (define.kind === 'Meta' || define.kind === 'Type' || define.kind === 'Instance') return define.kind;
  if (!define.type) return 'Meta';
  return /Type$/.test(define.fullName.split('.').pop() ?? '') ? 'Type' : 'Instance';
}

/** Fills `record.typeChain`, or returns the TYPE_CHAIN_INVALID issue naming every link and file. */
function resolveTypeChain(record: ElementRecord, records: Map<string, ElementRecord>): JitIssue | null {
  const links: ElementRecord[] = [record];
  const describe = (): string => links.map((r) => `${r.fullName} (${r.sources[0]!.file})`).join(' -> ');
  let current = record;
  while (current.define.type) {
    const next = records.get(current.define.type);
    if (!next) {
      return at(
        current.sources[0]!,
        ['type'],
        'TYPE_CHAIN_INVALID',
        `type chain of '${record.fullName}' names unknown element '${current.define.type}': ${describe()}`,
      );
    }
    if (links.includes(next)) {
      links.push(next);
      return at(record.sources[0]!, ['type'], 'TYPE_CHAIN_INVALID', `type chain of '${record.fullName}' loops: ${describe()}`);
    }
    if (next.kind === 'Instance') {
      links.push(next);
      return at(
        current.sources[0]!,
        ['type'],
        'TYPE_CHAIN_INVALID',
        `'${current.fullName}' has type '${next.fullName}', which is an Instance, not a Type or Meta: ${describe()}`,
      );
    }
    links.push(next);
    current = next;
  }
  if (current.kind !== 'Meta') {
    return at(
      current.sources[0]!,
      ['type'],
      'TYPE_CHAIN_INVALID',
      `type chain of '${record.fullName}' does not end in a Meta: ${describe()}`,
    );
  }
  record.typeChain = links.slice(1).map((r) => r.fullName);
  return null;
}

function at(source: DefinitionSource, keyPath: KeyPath, code: ErrorCode, message: string): JitIssue {
  const where = source.locate(keyPath);
  return {
    code,
    fullName: source.fullName,
    file: where.file,
    line: where.position?.line,
    column: where.position?.column,
    path: keyPath.join('.') || undefined,
    message,
  };
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
