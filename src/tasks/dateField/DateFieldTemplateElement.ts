import type { ElementDefine } from '../../runtime/ElementDefinition';
import { TaskTemplateElement } from '../TaskTemplateElement';
import { validateDateFieldDefine } from './validateDateFieldDefine';

/**
 * The class of `tasks.DateFieldType`: a template whose tasks follow a Date or Datetime field of
 * each row of a model (SPEC §7.2). Templates are configuration; `services.TaskSvc` keeps the rows'
 * tasks in step and the engine runs them.
 */
export class DateFieldTemplateElement extends TaskTemplateElement {
  /** The family's checks (its `func` called with `{ rowData }`), plus those that need the model's definition (see {@link validateDateFieldDefine}). */
  static override readonly passes = 'rowData';

  static override validateDefine(
    define: ElementDefine,
    lookup: (fullName: string) => ElementDefine | undefined = () => undefined,
    exports: (name: string) => boolean = () => true,
  ): Array<{ path: Array<string | number>; message: string }> {
    return [...super.validateDefine(define, lookup, exports), ...validateDateFieldDefine(define, lookup)];
  }
}
