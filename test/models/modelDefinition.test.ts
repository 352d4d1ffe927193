import { checkApp } from 'jittask';
import { writeModelApp } from './writeModelApp';

/** The problems `jittask check` finds in an app adding `models.Sample` with these fields (and more keys). */
function problemsOf(fields: unknown, more: Record<string, unknown> = {}) {
  const dir = writeModelApp({ 'models/Sample': { title: 'Sample', type: 'models.NormalType', fields, ...more } });
  return checkApp(dir, {}).map((i) => ({ code: i.code, path: i.path, message: i.message, file: i.file }));
}

const field = (name: string, dataType = 'Stext', extra: Record<string, unknown> = {}) => ({ name, title: name, dataType, ...extra });

describe('model definitions are checked when the app loads', () => {
  test('a valid model, including an Integer field named id that is the primary key, has no problems', () => {
    expect(problemsOf([field('id', 'Integer', { primaryKey: true }), field('label')])).toEqual([]);
  });

  test.each<[string, unknown, Record<string, unknown>, string, string]>([
    ['a field name that is not an identifier', [field('start time')], {}, 'fields.0.name', 'identifier'],
    ['a field declared twice, ignoring case', [field('title'), field('Title')], {}, 'fields.1.name', 'declared twice'],
    ['a field named id that is not the primary key', [field('id', 'Integer')], {}, 'fields.0.name', 'primaryKey'],
    ['an unknown dataType', [field('title', 'Text')], {}, 'fields.0.dataType', "unknown dataType 'Text'"],
    ['an argument-only dataType', [field('row', 'RowData')], {}, 'fields.0.dataType', "unknown dataType 'RowData'"],
    [
      'two primary keys',
      [field('a', 'Stext', { primaryKey: true }), field('b', 'Stext', { primaryKey: true })],
      {},
      'fields.1.primaryKey',
      'at most one',
    ],
    [
      'a primary key that is not Stext or Integer',
      [field('at', 'Datetime', { primaryKey: true })],
      {},
      'fields.0.dataType',
      'Stext or Integer',
    ],
    ['a table name that is not an identifier', [field('title')], { table: 'my-table' }, 'table', 'identifier'],
    ["a table name in jittask's own namespace", [field('title')], { table: 'jittask_tasks' }, 'table', 'jittask_'],
    ["a field name in jittask's own namespace (its hidden columns)", [field('jittask_seq')], {}, 'fields.0.name', 'jittask_'],
    ['a field name longer than PostgreSQL keeps (63 characters)', [field('f'.repeat(64))], {}, 'fields.0.name', 'at most 63'],
    ['a table name longer than 63 characters', [field('title')], { table: 't'.repeat(64) }, 'table', 'at most 63'],
    ['no fields', [], {}, 'fields', 'fewer than 1'],
    ['a field without dataType', [{ name: 'title', title: 'Title' }], {}, 'fields.0', "missing required key 'dataType'"],
    [
      'an unknown key in a field (a typo)',
      [field('title', 'Stext', { primarykey: true })],
      {},
      'fields.0.primarykey',
      "unknown key 'primarykey'",
    ],
  ])('%s is CONFIG_INVALID at its key path', (_what, fields, more, path, message) => {
    const problems = problemsOf(fields, more);
    expect(problems).toEqual([
      { code: 'CONFIG_INVALID', path, message: expect.stringContaining(message), file: expect.stringMatching(/Sample[/\\]e\.yaml$/) },
    ]);
  });

  test('a fullName too long for the table name derived from it needs a shorter table', () => {
    const name = `Sample${'x'.repeat(50)}`;
    const define = { title: 'Sample', type: 'models.NormalType', fields: [field('title')] };
    const dir = writeModelApp({ [`models/${name}`]: define });
    expect(checkApp(dir, {})).toEqual([
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(`m_models_${name}, is longer than 63`) }),
    ]);
    expect(checkApp(writeModelApp({ [`models/${name}`]: { ...define, table: 'samples' } }), {})).toEqual([]);
  });

  test('a model without fields at all is CONFIG_INVALID', () => {
    const dir = writeModelApp({ 'models/Sample': { title: 'Sample', type: 'models.NormalType' } });
    expect(checkApp(dir, {})).toEqual([expect.objectContaining({ code: 'CONFIG_INVALID', message: "missing required key 'fields'" })]);
  });
});
