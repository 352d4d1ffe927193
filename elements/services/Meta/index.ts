import { ServiceElement } from 'jittask';

export default ServiceElement;
