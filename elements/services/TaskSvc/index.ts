import { TaskService, type ServiceElement } from 'jittask';

/**
 * services.TaskSvc. The work is done by TaskService (src/tasks); this module only binds it to the
 * service's Type, so a Type that wraps callFunction wraps these functions too.
 */
export default (Base: typeof ServiceElement) => {
  class TaskSvc extends Base {
    declare engine: TaskService['engine'];
    declare dateFields: TaskService['dateFields'];
    /** Set synchronously in onLoad, so calls made before start-up has finished wait for it. */
    private ready!: Promise<TaskService>;

    override async onLoad(): Promise<void> {
      this.ready = TaskService.start(this.app);
      const service = await this.ready;
      this.engine = service.engine;
      this.dateFields = service.dateFields;
    }

    async getTaskTmplList(queryStr: string) {
      return (await this.ready).getTaskTmplList(queryStr);
    }

    async createTimerTask(fullName: string, startTime: unknown, funcName: string, taskType: string, argDict?: Record<string, unknown>) {
      return (await this.ready).createTimerTask({ fullName, startTime, funcName, taskType, argDict });
    }

    async createTimerTasks(tasks: unknown[]) {
      return (await this.ready).createTimerTasks(tasks);
    }

    async forcedEnd(taskId: string) {
      return (await this.ready).forcedEnd(taskId);
    }

    async saveDateFieldTask(rowObj: Record<string, unknown>) {
      return (await this.ready).saveDateFieldTask(rowObj);
    }

    async deleteDateFieldTask(rowObj: Record<string, unknown>) {
      return (await this.ready).deleteDateFieldTask(rowObj);
    }

    async getTask(taskId: string) {
      return (await this.ready).getTask(taskId);
    }

    async listTasks(filter?: Record<string, unknown>) {
      return (await this.ready).listTasks(filter ?? {});
    }
  }
  return TaskSvc;
};
