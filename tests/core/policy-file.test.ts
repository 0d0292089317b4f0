import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePolicyFile } from '../../functions/core/policy-file';
import { count } from '../../functions/core/words';

const schema = z.object({ id: z.string(), terms: z.number().int().min(1) });
const parse = (text: string) => parsePolicyFile(text, schema, 'policy.yaml', 'policy', (message) => new Error(message));

describe('a policy file', () => {
  it('gives the values of a valid file, YAML or JSON', () => {
    expect(parse('id: p\nterms: 2\n')).toEqual({ id: 'p', terms: 2 });
    expect(parse('{"id": "p", "terms": 3}')).toEqual({ id: 'p', terms: 3 });
  });

  it('names each problem by its path in the file, and the whole file where the problem is the whole file', () => {
    expect(() => parse('id: p\nterms: 0\n')).toThrow(
      'policy.yaml is not a valid policy:\n  terms: Too small: expected number to be >=1',
    );
    expect(() => parse('just words')).toThrow(
      'policy.yaml is not a valid policy:\n  (file): Invalid input: expected object, received string',
    );
    expect(() => parse('id: [unclosed')).toThrow(/^policy\.yaml is not valid YAML: /);
  });
});

describe('numbers as people write them', () => {
  it('says "1 row" and "2 rows", "0 rows", and a plural of its own', () => {
    expect(count(1, 'row')).toBe('1 row');
    expect(count(2, 'row')).toBe('2 rows');
    expect(count(0, 'row')).toBe('0 rows');
    expect(count(1200, 'AAG choice')).toBe('1,200 AAG choices');
    expect(count(2, 'child', 'children')).toBe('2 children');
    expect(count(1, 'child', 'children')).toBe('1 child');
  });
});
