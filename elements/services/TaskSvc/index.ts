import { TaskService, type ServiceElement } from 'jittask';

/**
 * services.TaskSvc. The work is done by TaskService (src/tasks); this module only binds it to the
 * service's Type, so a Type that wraps callFunction wraps these functions too.
 */
export default (Base: typeof ServiceElement) => {
  class TaskSvc extends Base {
    declare engine: TaskService['engine'];
    private core!: TaskService;

    override async onLoad(): Promise<void> {
      this.core = await TaskService.start(this.app);
      this.engine = this.core.engine;
    }

    async getTaskTmplList(queryStr: string) {
      return this.core.getTaskTmplList(queryStr);
    }

    async createTimerTask(fullName: string, startTime: unknown, funcName: string, taskType: string, argDict?: Record<string, unknown>) {
      return this.core.createTimerTask({ fullName, startTime, funcName, taskType, argDict });
    }

    async createTimerTasks(tasks: unknown[]) {
      return this.core.createTimerTasks(tasks);
    }

    async forcedEnd(taskId: string) {
      return this.core.forcedEnd(taskId);
    }

    async getTask(taskId: string) {
      return this.core.getTask(taskId);
    }

    async listTasks(filter?: Record<string, unknown>) {
      return this.core.listTasks(filter ?? {});
    }
  }
  return TaskSvc;
};
