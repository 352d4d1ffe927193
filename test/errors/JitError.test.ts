import { isJitError, JitError } from 'jittask';

/** Two copies of jittask can meet (an element module's own install, a parent app's package). */
function errorOfAnotherCopy(): unknown {
  let other: typeof import('../../src/errors/JitError') | undefined;
  jest.isolateModules(() => {
    other = jest.requireActual<typeof import('../../src/errors/JitError')>('../../src/errors/JitError');
  });
  expect(other!.JitError).not.toBe(JitError); // really a second copy of the class
  return new other!.JitError('TASK_NOT_FOUND', "no task 'x'");
}

test('a JitError made by another copy of the package is recognised by code, by JitError.is and by instanceof', () => {
  const err = errorOfAnotherCopy();
  expect(JitError.is(err)).toBe(true);
  expect(JitError.is(err, 'TASK_NOT_FOUND')).toBe(true);
  expect(JitError.is(err, 'APP_CLOSED')).toBe(false);
  expect(isJitError(err, 'TASK_NOT_FOUND')).toBe(true);
  expect(err instanceof JitError).toBe(true);
});

test('other errors are not JitErrors, however they look', () => {
  const lookalike = Object.assign(new Error('no task'), { name: 'JitError', code: 'TASK_NOT_FOUND' });
  expect(JitError.is(lookalike)).toBe(false);
  expect(lookalike instanceof JitError).toBe(false);
  expect(JitError.is(null)).toBe(false);
  expect(JitError.is('TASK_NOT_FOUND')).toBe(false);
});
