import type { App } from '../runtime/App';
import type { TaskSvcElement } from './TaskSvcElement';

/**
 * The app's `services.TaskSvc`, typed: the one way code outside the task wing reaches the task
 * service. Its declared functions go through `callFunction`; its `service` is there once the app
 * has loaded.
 *
 * @throws JitError `ELEMENT_NOT_FOUND` when the app has no `services.TaskSvc`.
 */
export function taskServiceOf(app: App): TaskSvcElement {
  return app.getElement<TaskSvcElement>('services.TaskSvc');
}
