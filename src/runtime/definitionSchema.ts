import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ElementKind } from './ElementDefinition';

/** A family's contribution to the schema of its definitions: the `defineSchema` key of a Meta or Type. */
export interface DefineSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

const FUNCTION_ARG = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' },
    title: { type: 'string' },
    dataType: { type: 'string' },
    maxLength: { type: 'integer', minimum: 1 },
    required: { type: 'boolean' },
    default: {},
    generic: {},
  },
};

/** Keys every definition may have (SPEC §3). */
export const COMMON_PROPERTIES: Record<string, unknown> = {
  title: { type: 'string', minLength: 1 },
  type: { type: ['string', 'null'] },
  kind: { enum: ['Meta', 'Type', 'Instance'] },
  description: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
  // JitAi's `protect` is read as `protected` when the definition is read.
  accessModifier: { enum: ['public', 'protected', 'private'] },
  backendBundleEntry: { type: 'string' },
  // `afterStartUp` is a front-end load time of JitAi's: accepted and kept, the backend loads on first use.
  loadTime: { enum: ['startUp', 'afterStartUp'] },
  config: { type: 'object' },
  defineSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { properties: { type: 'object' }, required: { type: 'array', items: { type: 'string' } } },
  },
  functionList: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' },
        title: { type: 'string' },
        args: { type: 'array', items: FUNCTION_ARG },
        returnType: { type: 'string' },
        desc: { type: 'string' },
        // JitAi's keys, kept as written: `loginRequired` is read by the HTTP layer; JitAi writes
        // these flags as booleans or as 1/0.
        loginRequired: { enum: [true, false, 0, 1] },
        async: { type: 'boolean' },
        // On (true or 1), the function receives data type objects (`.value`); off, plain values.
        argsToDatatype: { enum: [true, false, 0, 1] },
        ignoreSign: { enum: [true, false, 0, 1] },
      },
    },
  },
  // Keys JitAi documents for every element. `backendLoadTime: afterAppInit` loads the instance at
  // start-up like `loadTime: startUp`; the others are kept in the merged definition for the tools
  // that read them (front-end entries, icons, caching, packaging), with no effect on the backend.
  icon: { type: 'string' },
  tag: { type: ['string', 'array'], items: { type: 'string' } },
  variables: { type: ['array', 'object'] },
  backendLoadTime: { enum: ['afterAppInit', 'beforeHandleRequest'] },
  cacheLevel: { enum: [0, 1] },
  frontBundleEntry: { type: 'string' },
  frontMobileBundleEntry: { type: 'string' },
  extendType: { type: 'string' },
  backendEpath: { type: 'string' },
  path: { type: 'string' },
};

/**
 * Validates merged definitions against the common keys plus the `defineSchema` of every Meta and
 * Type in their chain. Unknown keys are refused (a typo must not pass silently); `required` keys of
 * a family apply to its Instances only. The common keys are one compiled validator for every
 * element, and each chain's family keys a small one of their own: compiling the whole schema once
 * per chain cost more than all the rest of loading a large app.
 */
export class DefinitionValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  private readonly common = this.ajv.compile({ type: 'object', properties: COMMON_PROPERTIES, required: ['title'] });
  private readonly families = new Map<string, { known: Set<string>; required: string[]; check?: ValidateFunction }>();

  validate(
    define: Record<string, unknown>,
    kind: ElementKind,
    chainSchemas: Array<{ owner: string; schema: DefineSchema }>,
  ): ErrorObject[] {
    const family = this.familyOf(kind, chainSchemas);
    const errors: ErrorObject[] = [];
    if (!this.common(define)) errors.push(...(this.common.errors ?? []));
    if (family.check && !family.check(define)) errors.push(...(family.check.errors ?? []));
    for (const key of Object.keys(define)) {
      if (!family.known.has(key)) errors.push(keyError('additionalProperties', { additionalProperty: key }));
    }
    for (const key of family.required) {
      if (define[key] === undefined) errors.push(keyError('required', { missingProperty: key }));
    }
    return errors;
  }

  private familyOf(kind: ElementKind, chainSchemas: Array<{ owner: string; schema: DefineSchema }>) {
    const cacheKey = `${kind}|${chainSchemas.map((c) => c.owner).join('>')}`;
    let family = this.families.get(cacheKey);
    if (!family) {
      const properties: Record<string, unknown> = {};
      const required = new Set<string>();
      for (const { schema } of chainSchemas) {
        Object.assign(properties, schema.properties ?? {});
        if (kind === 'Instance') for (const r of schema.required ?? []) required.add(r);
      }
      const known = new Set([...Object.keys(COMMON_PROPERTIES), 'fullName', ...Object.keys(properties)]);
      const check = Object.keys(properties).length > 0 ? this.ajv.compile({ type: 'object', properties }) : undefined;
      family = { known, required: [...required], check };
      this.families.set(cacheKey, family);
    }
    return family;
  }
}

/** A top-level key error in Ajv's shape, so that every problem is reported the same way. */
function keyError(keyword: 'additionalProperties' | 'required', params: Record<string, string>): ErrorObject {
  return { keyword, instancePath: '', schemaPath: `#/${keyword}`, params, message: keyword };
}

/** The key path an Ajv error points at (for an unknown key, the key itself). */
export function errorKeyPath(error: ErrorObject): string[] {
  const segs = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') segs.push(String((error.params as { additionalProperty: string }).additionalProperty));
  return segs;
}

/** A readable sentence for an Ajv error. */
export function errorMessage(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key '${(error.params as { additionalProperty: string }).additionalProperty}'`;
    case 'required':
      return `missing required key '${(error.params as { missingProperty: string }).missingProperty}'`;
    case 'enum':
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}
