import * as fs from 'node:fs';
import { isJitError, loadApp, type JitIssue } from 'jittask';
import { writeDateFieldApp, type DateFieldDefine } from '../fixtures/datefield-harness/writeDateFieldApp';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A valid template on the Meeting model, with `timerCfg` keys replaced by `timerCfg` and top-level keys by `more`. */
const reminder = (timerCfg: Record<string, unknown> = {}, more: DateFieldDefine = {}): DateFieldDefine => ({
  modelPath: 'models.Meeting',
  func: 'services.MeetingSvc.notify',
  timerCfg: { startField: 'startTime', startOffset: { offsetType: -1, offset: 15, offsetUnit: 'minute' }, ...timerCfg },
  ...more,
});

/** The issues of loading an app with template `tasks.Broken`. */
async function issuesOf(define: DateFieldDefine): Promise<JitIssue[]> {
  const dir = writeDateFieldApp({ Broken: define });
  dirs.push(dir);
  try {
    const app = await loadApp(dir);
    await app.close();
  } catch (err) {
    if (isJitError(err)) return err.issues;
    throw err;
  }
  return [];
}

test('a valid template in either dialect loads', async () => {
  expect(await issuesOf(reminder())).toEqual([]);
  expect(await issuesOf(reminder({ startOffset: { offset: -15, offsetUnit: 'minutes' } }))).toEqual([]);
  expect(
    await issuesOf(
      reminder(
        { startOffset: { offsetType: 1, offset: 2, offsetUnit: 'day' }, time: '08:30', repeat: { repeatType: 'year' } },
        { filter: { status: 'confirmed' } },
      ),
    ),
  ).toEqual([]);
});

test.each<[string, DateFieldDefine, string | undefined, RegExp]>([
  ['a modelPath naming nothing', reminder({}, { modelPath: 'models.Meting' }), 'modelPath', /names no element/],
  ['a modelPath that is not a model', reminder({}, { modelPath: 'services.MeetingSvc' }), 'modelPath', /is not a model/],
  ['a startField the model does not have', reminder({ startField: 'start' }), 'timerCfg.startField', /has no field 'start'.*startTime/],
  [
    'a startField that is not a date',
    reminder({ startField: 'title' }),
    'timerCfg.startField',
    /'title' is a Stext field; startField must be a Date or Datetime field/,
  ],
  ['a filter on a field the model does not have', reminder({}, { filter: { state: 'confirmed' } }), 'filter.state', /has no field 'state'/],
  [
    'a negative offset with offsetType',
    reminder({ startOffset: { offsetType: -1, offset: -15, offsetUnit: 'minute' } }),
    'timerCfg.startOffset.offset',
    /must be ≥ 0 with offsetType/,
  ],
  [
    'an offset with offsetType 0',
    reminder({ startOffset: { offsetType: 0, offset: 5, offsetUnit: 'minute' } }),
    'timerCfg.startOffset.offset',
    /must be 0 with offsetType 0/,
  ],
  [
    'a fractional day offset',
    reminder({ startOffset: { offset: 1.5, offsetUnit: 'days' } }),
    'timerCfg.startOffset.offset',
    /whole number of days/,
  ],
  ['a time after a minute offset', reminder({ time: '09:00' }), 'timerCfg.time', /time sets the time of day after a day offset/],
  ['a time that is not HH:mm', reminder({ time: '9:00' }), 'timerCfg.time', /must match pattern/],
  [
    'an unknown offset unit',
    reminder({ startOffset: { offset: 1, offsetUnit: 'weeks' } }),
    'timerCfg.startOffset.offsetUnit',
    /must be one of/,
  ],
  [
    'a repeat other than normal or year',
    reminder({ repeat: { repeatType: 'month' } }),
    'timerCfg.repeat.repeatType',
    /must be one of "normal", "year"/,
  ],
  ['a misspelt timerCfg key', reminder({ startfield: 'startTime' }), 'timerCfg.startfield', /unknown key 'startfield'/],
  [
    'no modelPath',
    { func: 'services.MeetingSvc.notify', timerCfg: { startField: 'startTime' } },
    undefined,
    /missing required key 'modelPath'/,
  ],
])('%s is reported at load with its key path', async (_what, define, keyPath, message) => {
  const issues = await issuesOf(define);
  expect(issues).toEqual([
    expect.objectContaining({ code: 'CONFIG_INVALID', fullName: 'tasks.Broken', path: keyPath, message: expect.stringMatching(message) }),
  ]);
});
