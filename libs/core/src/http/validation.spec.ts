import { MAX_BODY_DEPTH, tooDeep } from './validation';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };

  return value;
}

describe('tooDeep', () => {
  it('accepts bodies up to the depth limit', () => {
    expect(tooDeep(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(tooDeep({ lead: { company: { name: 'Acme' } }, tags: [['a']] })).toBeUndefined();
  });

  it('names the path where a body nests too deeply, without exhausting the stack', () => {
    expect(tooDeep(nested(MAX_BODY_DEPTH + 1))).toBe(Array(MAX_BODY_DEPTH).fill('a').join('.'));
    expect(tooDeep(nested(200_000))).toEqual(expect.stringMatching(/^a(\.a)*$/));
  });

  it('counts arrays as levels and names their indexes', () => {
    expect(tooDeep({ list: [[[1]]] }, 3)).toBe('list[0][0]');
  });
});
