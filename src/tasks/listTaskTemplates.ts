import type { App } from '../runtime/App';
import { templateSettings } from './TemplateSettings';

/** One item of `getTaskTmplList` (SPEC §7.4). */
export interface TaskTemplateItem {
  title: string;
  /** The template's type, e.g. `tasks.NormalType`. */
  taskType: string;
  /** `timerCfg.repeat.repeatType`, `normal` when absent. */
  repeatType: string;
  fullName: string;
  enable: boolean;
  /** Paused with `pauseTemplate`: its tasks wait, pending, until `resumeTemplate`. */
  paused: boolean;
}

/**
 * Every task template (Instances of any Type of the `tasks` family), sorted by fullName; a non-empty
 * `queryStr` keeps those whose title or fullName contains it, case-insensitively. `paused` names the
 * paused templates (as the task store keeps them).
 */
export function listTaskTemplates(app: App, queryStr: string, paused: ReadonlyMap<string, unknown>): TaskTemplateItem[] {
  const needle = queryStr.trim().toLowerCase();
  return app
    .findElementsDefine('tasks.Meta.type')
    .filter((d) => needle === '' || d.title.toLowerCase().includes(needle) || d.fullName.toLowerCase().includes(needle))
    .map((d) => {
      const repeat = (d.timerCfg as { repeat?: { repeatType?: string } } | undefined)?.repeat;
      return {
        title: d.title,
        taskType: d.type ?? '',
        repeatType: repeat?.repeatType ?? 'normal',
        fullName: d.fullName,
        enable: templateSettings(d).enabled,
        paused: paused.has(d.fullName),
      };
    });
}
