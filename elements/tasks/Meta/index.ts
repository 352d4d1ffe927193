import { TaskTemplateElement } from 'jittask';

export default TaskTemplateElement;
