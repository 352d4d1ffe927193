import { SqliteDatabaseElement } from 'jittask';

export default SqliteDatabaseElement;
