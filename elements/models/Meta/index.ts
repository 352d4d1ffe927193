import { ModelElement } from 'jittask';

export default ModelElement;
