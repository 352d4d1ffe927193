import { checkApp } from 'jittask';
import { writeTemplateApp } from '../fixtures/task-harness/writeTemplateApp';

/**
 * An Inner template's function is its own module's named export. One its module does not export
 * would fail every run of the template's occurrences: it is refused when the app loads, at the
 * key that names it.
 */
test('an Inner template whose module does not export its function is refused at load', () => {
  const dir = writeTemplateApp({
    NoCode: { title: 'No module at all', funcType: 'Inner', timerCfg: { startTime: '2025-01-01 00:00:00' } },
    Named: { title: 'Names a function nobody exports', funcType: 'Inner', func: 'report', timerCfg: { startTime: '2025-01-01 00:00:00' } },
  });
  const issues = checkApp(dir);
  expect(issues.map((i) => [i.code, i.fullName, i.path, i.message]).sort()).toEqual([
    ['CONFIG_INVALID', 'tasks.Named', 'func', "funcType Inner: the template's module exports no function 'report'"],
    ['CONFIG_INVALID', 'tasks.NoCode', 'funcType', "funcType Inner: the template's module exports no function 'customFunc'"],
  ]);
  expect(issues.every((i) => i.file?.endsWith('e.yaml') && i.line !== undefined)).toBe(true);
});

test("an Inner template whose module exports its function loads (task-app's tasks.Inner), and so does one that never runs by itself", () => {
  expect(
    checkApp(
      writeTemplateApp({
        ByHand: {
          title: 'Only for tasks created by hand',
          funcType: 'Inner',
          enable: false,
          timerCfg: { startTime: '2025-01-01 00:00:00' },
        },
      }),
    ),
  ).toEqual([]);
});
