/**
 * jittask's public API. What is not exported here is internal.
 */
import 'reflect-metadata';

export { loadApp, checkApp, type LoadAppOptions } from './runtime/loadApp';
export { App, type AppService, type AppChainEntry } from './runtime/App';
export { ElementBase, type ElementAttributes, type ElementClass } from './runtime/ElementBase';
export type { ElementDefine, ElementKind, ElementRecord, DefinitionSource } from './runtime/ElementDefinition';
export { JitError, formatIssue, isJitError, type JitIssue, type JitErrorOptions } from './errors/JitError';
export { ERROR_CODES, type ErrorCode } from './errors/ErrorCode';
export { ServiceElement } from './services/ServiceElement';
export type { FunctionDeclaration, FunctionArgument } from './services/FunctionDeclaration';
export { DATA_TYPES, type DataType } from './services/dataTypes';
export { TaskTemplateElement, type FuncType } from './tasks/TaskTemplateElement';
export { TimerTemplateElement } from './tasks/TimerTemplateElement';
export { listTaskTemplates, type TaskTemplateItem } from './tasks/listTaskTemplates';
export { inject, injectable } from 'inversify';
