/** What an element is in the Meta → Type → Instance model. */
export type ElementKind = 'Meta' | 'Type' | 'Instance';

/** A position in a definition file (1-based). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A key path inside a definition, e.g. `['timerCfg', 'repeat', 'period']`. */
export type KeyPath = ReadonlyArray<string | number>;

/** One `e.yaml`/`e.json` as found in one app of the chain. */
export interface DefinitionSource {
  fullName: string;
  /** The app that holds it. */
  appId: string;
  appDir: string;
  /** The element folder and its definition file (absolute paths). */
  dir: string;
  file: string;
  /** The parsed definition, placeholders filled, `config.yaml` folded into `config`. */
  data: Record<string, unknown>;
  /** Where a key path sits in `file` (or in `config.yaml` for config keys read from it). */
  locate(path: KeyPath): { file: string; position?: SourcePosition };
  /** The implementation module of this folder, if any. */
  modulePath: string | null;
  /** A folder with code but no definition file: an override of a parent app's element. */
  codeOnly?: boolean;
}

/**
 * The merged definition of an element, as `app.getElementDefine()` returns it: the keys of its
 * definitions merged child over parent, plus `fullName`.
 */
export interface ElementDefine {
  fullName: string;
  title: string;
  type?: string;
  config: Record<string, unknown>;
  [key: string]: unknown;
}

/** Everything the runtime knows about one element after loading. */
export interface ElementRecord {
  fullName: string;
  kind: ElementKind;
  define: ElementDefine;
  /** Its definitions along the app chain, child first (the first one wins). */
  sources: DefinitionSource[];
  /** `type` links from this element up to its Meta, this element excluded. */
  typeChain: string[];
  /** Visible to the loaded app (false for a parent app's private element). */
  visible: boolean;
}
