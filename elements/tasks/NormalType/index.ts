import { TimerTemplateElement } from 'jittask';

export default TimerTemplateElement;
