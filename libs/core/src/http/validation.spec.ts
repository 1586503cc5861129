import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DomainError, type FieldProblem } from './domain-error';
import { createValidationPipe, MAX_BODY_DEPTH, tooDeep } from './validation';

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

class ProbeDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  name: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  count?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  items?: string[];
}

describe('createValidationPipe', () => {
  async function problems(body: unknown): Promise<FieldProblem[]> {
    try {
      await createValidationPipe().transform(body, { type: 'body', metatype: ProbeDto });
    } catch (error) {
      return (error as DomainError).extensions.errors ?? [];
    }
    throw new Error('the body was accepted');
  }

  it('reports the wrong type or a missing value, one problem per field', async () => {
    expect(await problems({ name: 12, count: 'many', items: 'all' })).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'count', message: 'count must be an integer number' },
      { field: 'items', message: 'items must be an array' },
    ]);
    expect(await problems({})).toEqual([{ field: 'name', message: 'name must be a string' }]);
  });

  it('reports the limit a value of the right type breaks', async () => {
    expect(await problems({ name: 'toolong', count: 11, items: ['a', 'b', 'c'] })).toEqual([
      { field: 'name', message: 'name must be shorter than or equal to 5 characters' },
      { field: 'count', message: 'count must not be greater than 10' },
      { field: 'items', message: 'items must contain no more than 2 elements' },
    ]);
  });
});
