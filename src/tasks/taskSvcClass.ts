import type { ElementClass } from '../runtime/ElementBase';
import type { ServiceElement } from '../services/ServiceElement';
import type { TaskTemplateItem } from './listTaskTemplates';
import type { TaskRecordView } from './presentTask';
import { TaskService } from './TaskService';
import type {
  CreatedTask,
  DeletedDateFieldTasks,
  ForcedEndAnswer,
  SavedDateFieldTasks,
  TaskPageView,
  TaskServiceApi,
  TemplatePauseAnswer,
  WorkerView,
} from './TaskServiceApi';
import type { TaskSvcElement } from './TaskSvcElement';

/**
 * The class of `services.TaskSvc` over its Type's class `Base` (the module of the element is
 * `(Base) => class`): it starts the app's {@link TaskService} when it loads and binds the declared
 * functions to it, so a Type that wraps `callFunction` wraps these functions too. Each method only
 * waits for the start and delegates; `callFunction` has validated the arguments before.
 */
export function taskSvcClass(Base: ElementClass): ElementClass {
  // The services family's class, or a Type's class over it (checked where TaskSvc is declared).
  const ServiceBase = Base as unknown as typeof ServiceElement;
  return class TaskSvc extends ServiceBase implements TaskSvcElement {
    declare ready: Promise<TaskServiceApi>;
    declare service: TaskServiceApi;

    override onLoad(): Promise<void> {
      // Set before the first await, so calls made before start-up has finished wait for it.
      this.ready = TaskService.start(this.app);
      return this.ready.then((service) => {
        this.service = service;
      });
    }

    async getTaskTmplList(queryStr: string): Promise<TaskTemplateItem[]> {
      return (await this.ready).getTaskTmplList(queryStr);
    }

    async createTimerTask(
      fullName: string,
      startTime: unknown,
      funcName: string,
      taskType: string,
      argDict?: unknown,
      options?: unknown,
    ): Promise<CreatedTask> {
      // options, after JitAi's five arguments: { key }, an idempotency key.
      return (await this.ready).createTimerTask({ fullName, startTime, funcName, taskType, argDict }, options);
    }

    async createTimerTasks(tasks: unknown[]): Promise<CreatedTask[]> {
      return (await this.ready).createTimerTasks(tasks);
    }

    async createTemporaryTask(func: string, argDict?: unknown, startTime?: unknown): Promise<string> {
      return (await this.ready).createTemporaryTask(func, argDict, startTime);
    }

    async forcedEnd(taskId: string): Promise<ForcedEndAnswer> {
      return (await this.ready).forcedEnd(taskId);
    }

    async saveDateFieldTask(rowObj: unknown): Promise<SavedDateFieldTasks> {
      return (await this.ready).saveDateFieldTask(rowObj);
    }

    async deleteDateFieldTask(rowObj: unknown): Promise<DeletedDateFieldTasks> {
      return (await this.ready).deleteDateFieldTask(rowObj);
    }

    async getTask(taskId: string): Promise<TaskRecordView> {
      return (await this.ready).getTask(taskId);
    }

    async listTasks(filter?: Record<string, unknown>): Promise<TaskRecordView[]> {
      return (await this.ready).listTasks(filter ?? {});
    }

    async pageTasks(filter?: Record<string, unknown>): Promise<TaskPageView> {
      return (await this.ready).pageTasks(filter ?? {});
    }

    async pauseTemplate(fullName: string): Promise<TemplatePauseAnswer> {
      return (await this.ready).pauseTemplate(fullName);
    }

    async resumeTemplate(fullName: string): Promise<TemplatePauseAnswer> {
      return (await this.ready).resumeTemplate(fullName);
    }

    async listWorkers(): Promise<WorkerView[]> {
      return (await this.ready).listWorkers();
    }
  };
}
