import { PgDatabaseElement } from 'jittask';

export default PgDatabaseElement;
