import type { ElementDefine } from '../runtime/ElementDefinition';
import type { JsonObject } from './TaskRecord';

/** What the engine reads from a template's merged definition. */
export interface TemplateSettings {
  fullName: string;
  taskType: string;
  /** `family.Element.function` (Global) or a bare export name (Inner, default `customFunc`). */
  funcName: string;
  argDict: JsonObject;
  enabled: boolean;
  /** Per-run timeout in ms, or undefined for the scheduler's default. */
  timeoutMs?: number;
  retry?: { maxAttempts: number; backoffMs: number };
  misfire: 'skip' | 'fireOnce';
}

/** Reads a template definition (already validated at load) into {@link TemplateSettings}. */
export function templateSettings(define: ElementDefine): TemplateSettings {
  const func = (define.func ?? define.taskFunc) as string | undefined;
  const retry = define.retry as { maxAttempts: number; backoffSeconds?: number } | undefined;
  return {
    fullName: define.fullName,
    taskType: define.type ?? '',
    funcName: define.funcType === 'Inner' ? (func ?? 'customFunc') : (func ?? ''),
    argDict: (define.argDict ?? {}) as JsonObject,
    enabled: define.enable === undefined || define.enable === true || define.enable === 1,
    timeoutMs: typeof define.timeout === 'number' ? define.timeout * 1000 : undefined,
    retry: retry ? { maxAttempts: retry.maxAttempts, backoffMs: (retry.backoffSeconds ?? 0) * 1000 } : undefined,
    misfire: define.misfire === 'fireOnce' ? 'fireOnce' : 'skip',
  };
}
