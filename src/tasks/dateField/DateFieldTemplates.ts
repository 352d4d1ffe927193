import type { App } from '../../runtime/App';
import { dateFieldSettings, type DateFieldSettings } from './DateFieldSettings';

/** Read once per app: definitions do not change after loading. */
const cache = new WeakMap<App, DateFieldTemplates>();

/**
 * The date-field templates of an app (Instances of `tasks.DateFieldType` and of Types derived from
 * it), read from their definitions once and looked up by template or by model on every row write.
 */
export class DateFieldTemplates {
  private readonly byName: ReadonlyMap<string, DateFieldSettings>;
  private readonly byModel = new Map<string, DateFieldSettings[]>();

  private constructor(templates: DateFieldSettings[]) {
    this.byName = new Map(templates.map((t) => [t.fullName, t]));
    for (const t of templates) this.byModel.set(t.modelPath, [...(this.byModel.get(t.modelPath) ?? []), t]);
  }

  /** The templates of `app`. */
  static of(app: App): DateFieldTemplates {
    let templates = cache.get(app);
    if (!templates) {
      templates = new DateFieldTemplates(
        app
          .findElementsDefine('tasks.DateFieldType.type')
          .map((define) => dateFieldSettings(define, app.getElementDefine(define.modelPath as string))),
      );
      cache.set(app, templates);
    }
    return templates;
  }

  /** Every template, enabled or not, sorted by fullName. */
  all(): DateFieldSettings[] {
    return [...this.byName.values()];
  }

  /** The template `fullName`, or undefined when it is not a date-field template of the app. */
  get(fullName: string): DateFieldSettings | undefined {
    return this.byName.get(fullName);
  }

  /** The templates bound to model `modelPath`, enabled or not. */
  ofModel(modelPath: string): readonly DateFieldSettings[] {
    return this.byModel.get(modelPath) ?? [];
  }
}
