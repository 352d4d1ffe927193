// services.TaskSvc. The work is done by TaskService (src/tasks); this module only binds it to the
// service's Type, so a Type that wraps callFunction wraps these functions too. Plain JavaScript, so
// that running jittask never needs the TypeScript compiler.
const { TaskService } = require('jittask');

module.exports = (Base) => class TaskSvc extends Base {
  onLoad() {
    // Set before the first await, so calls made before start-up has finished wait for it.
    this.ready = TaskService.start(this.app);
    return this.ready.then((service) => {
      this.engine = service.engine;
      this.dateFields = service.dateFields;
    });
  }

  async getTaskTmplList(queryStr) {
    return (await this.ready).getTaskTmplList(queryStr);
  }

  // options, after JitAi's five arguments: { key }, an idempotency key.
  async createTimerTask(fullName, startTime, funcName, taskType, argDict, options) {
    return (await this.ready).createTimerTask({ fullName, startTime, funcName, taskType, argDict }, options);
  }

  async createTimerTasks(tasks) {
    return (await this.ready).createTimerTasks(tasks);
  }

  async forcedEnd(taskId) {
    return (await this.ready).forcedEnd(taskId);
  }

  async saveDateFieldTask(rowObj) {
    return (await this.ready).saveDateFieldTask(rowObj);
  }

  async deleteDateFieldTask(rowObj) {
    return (await this.ready).deleteDateFieldTask(rowObj);
  }

  async getTask(taskId) {
    return (await this.ready).getTask(taskId);
  }

  async listTasks(filter) {
    return (await this.ready).listTasks(filter ?? {});
  }

  async pageTasks(filter) {
    return (await this.ready).pageTasks(filter ?? {});
  }

  async pauseTemplate(fullName) {
    return (await this.ready).pauseTemplate(fullName);
  }

  async resumeTemplate(fullName) {
    return (await this.ready).resumeTemplate(fullName);
  }

  async listWorkers() {
    return (await this.ready).listWorkers();
  }
};
