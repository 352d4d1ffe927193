import { storableJson, storableText } from '../../../src/tasks/engine/storableJson';

const stored = (value: unknown) => {
  const json = JSON.stringify(value);
  return storableJson(JSON.parse(json), json);
};

test('NUL and unpaired surrogates become U+FFFD, in strings and keys, at any depth; whole pairs stay', () => {
  expect(storableText('a\u0000b')).toBe('a\ufffdb');
  expect(storableText('\ud800')).toBe('\ufffd');
  expect(storableText('\udc00x\ud83d')).toBe('\ufffdx\ufffd');
  expect(storableText('\ud83d\ude00')).toBe('\ud83d\ude00');
  expect(stored({ 'k\u0000': ['\ud800', { deep: 'x\u0000' }], n: 1, t: true, z: null })).toEqual({
    'k\ufffd': ['\ufffd', { deep: 'x\ufffd' }],
    n: 1,
    t: true,
    z: null,
  });
});

test('a value without them is returned as it is, not copied', () => {
  const value = { text: 'plain \\u0000 is only a backslash and text', emoji: '\ud83d\ude00' };
  expect(storableJson(value, JSON.stringify(value))).toEqual(value);
  const plain = { a: [1, 'b'] };
  expect(storableJson(plain, JSON.stringify(plain))).toBe(plain);
});
