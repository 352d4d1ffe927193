import type { CreatedTask, ModelElement, ServiceElement } from 'jittask';

/** The positional form of TaskSvc.createTimerTask, as the seed document calls it. */
interface TaskSvc {
  createTimerTask(fullName: string, startTime: Date, funcName: string, taskType: string, argDict: Record<string, unknown>): Promise<CreatedTask>;
}

export default (Base: typeof ServiceElement) =>
  class DemoSetup extends Base {
    override async onLoad() {
      // Create the reminders when the app starts running, not when a tool merely loads it.
      await this.app.addService({ start: () => this.createReminders(), stop: () => {} });
    }

    async createReminders() {
      const taskSvc = this.app.getElement<TaskSvc>('services.TaskSvc');
      for (const seconds of [2, 4, 6]) {
        const due = new Date(this.app.clock.now() + seconds * 1000);
        await taskSvc.createTimerTask('tasks.Heartbeat', due, 'services.NotifySvc.send', 'tasks.NormalType', { message: `reminder due ${seconds} s after start` });
      }
      // A row write, not a task call: the model keeps the meeting's reminder in step by itself.
      const startTime = new Date(this.app.clock.now() + 16 * 60_000);
      await this.app.getElement<ModelElement>('models.Meeting').create({ title: 'Demo meeting', startTime, status: 'confirmed' });
    }
  };
