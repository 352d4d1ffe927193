import { DatabaseElement } from 'jittask';

export default DatabaseElement;
