import { listTaskTemplates, type ServiceElement } from 'jittask';

/** services.TaskSvc: thin; the task engine in src/tasks does the work. */
export default (Base: typeof ServiceElement) =>
  class TaskSvc extends Base {
    async getTaskTmplList(queryStr: string) {
      return listTaskTemplates(this.app, queryStr);
    }
  };
