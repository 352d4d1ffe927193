/**
 * jittask's public API. What is not exported here is internal.
 */
import 'reflect-metadata';

export { loadApp, checkApp, type LoadAppOptions } from './runtime/loadApp';
export {
  App,
  type AppService,
  type AppChainEntry,
  type ElementRegistry,
  type UntypedElementName,
  type EnvVarDefine,
  type ParentMetadata,
} from './runtime/App';
/** JitAi's `app` for element code: the app whose code is running (see `runningApp`). */
export { runningApp as app } from './runtime/runningApp';
export { RowHooks, type RowChange, type RowHook } from './runtime/RowHooks';
export { ElementBase, type ElementAttributes, type ElementClass } from './runtime/ElementBase';
export type { ElementDefine, ElementKind, ElementRecord, DefinitionSource } from './runtime/ElementDefinition';
export { JitError, formatIssue, isJitError, type JitIssue, type JitErrorOptions } from './errors/JitError';
export { ERROR_CODES, type ErrorCode } from './errors/ErrorCode';
export { ServiceElement } from './services/ServiceElement';
export type { FunctionDeclaration, FunctionArgument } from './services/FunctionDeclaration';
export { DATA_TYPES, type DataType } from './services/dataTypes';
export { DataTypeObject, type DataTypeInit } from './services/DataTypeObject';
export {
  datatypes,
  type DataTypeFactory,
  type DataTypeObjects,
  TextObject,
  LtextObject,
  RichTextObject,
  ChoiceObject,
  IdentifyObject,
  LicensePlateObject,
  NumberObject,
  BooleanObject,
  CheckboxObject,
  DateObject,
  DatetimeObject,
  TimeObject,
  ListObject,
  UploadListObject,
  DictObject,
  AddressObject,
  PositionObject,
  LinkObject,
  MapObject,
  RowDataObject,
  RowListObject,
  QFilterObject,
  AnyObject,
  type ChoiceOption,
  type UploadedFile,
  type AddressValue,
  type PositionValue,
  type LinkValue,
} from './services/dataTypeObjects';
export type { DataTypeValues, DataTypeInputs, DataTypeInput } from './services/DataTypeValues';
export { DatabaseElement } from './databases/DatabaseElement';
export { SqliteDatabaseElement } from './databases/SqliteDatabaseElement';
export { systemClock, type Clock, type TimerHandle } from './time/Clock';
export { ManualClock } from './time/ManualClock';
// tasks: the wing's front door (src/tasks/index.ts)
export {
  TaskTemplateElement,
  TimerTemplateElement,
  taskServiceOf,
  taskSvcClass,
  listTaskTemplates,
  currentTask,
  type FuncType,
  type TaskSvcElement,
  type TaskServiceApi,
  type TaskQueries,
  type TaskTemplateItem,
  type ForcedEndAnswer,
  type CreatedTask,
  type WorkerView,
  type TaskPageView,
  type TemplatePauseAnswer,
  type TaskEvent,
  type TaskContext,
  type TaskRunView,
  type TaskFunction,
  type TaskRecordModel,
  type TaskHistoryModel,
  type RowDatas,
  type TaskRecordView,
  type TaskHistoryView,
  type TaskStatus,
  type JsonObject,
  type JsonValue,
} from './tasks';
export { inject, injectable } from 'inversify';
// models
export { ModelElement, type ModelRowChange, type QueryResult } from './models/ModelElement';
export { Q } from './models/q/Q';
export { QExpression } from './models/q/QExpression';
export { MODEL_DATA_TYPES, type ModelDataType, type ModelField, type ModelRow } from './models/ModelField';
// postgres
export type { Database } from './db/Database';
export type { SqlDialect } from './db/SqlDialect';
export { PgDatabase, type PgDatabaseOptions, type PgQueryable } from './db/PgDatabase';
export { PgDatabaseElement } from './databases/PgDatabaseElement';
// date-field tasks
export {
  DateFieldTemplateElement,
  DateFieldScheduler,
  planDateFieldDue,
  type BackfillProgress,
  type SavedDateFieldTasks,
  type DeletedDateFieldTasks,
  type DateFieldPlan,
  type DateFieldSettings,
  type OffsetUnit,
} from './tasks';
// HTTP
export { createHttpHandler, type HttpHandler, type HttpHandlerOptions } from './http/createHttpHandler';
export type { HttpContext, HttpRole } from './http/HttpContext';
export type { HttpToken } from './http/HttpSettings';
export type { EventStreamStats } from './http/dashboard/DashboardWatch';
// logging
export { Logger, type LoggerOptions, type LogFields } from './log/Logger';
export { LOG_LEVELS, LOG_FORMATS, type LogLevel, type LogFormat } from './log/LogLevel';
export type { LogSink } from './log/LogSink';
