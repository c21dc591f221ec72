import { problemsOfField } from './field-problems.js';

describe('the problems of a field', () => {
  it('are those pointing into its schema, at the root or in a rule, or into its uiSchema', () => {
    const problems = [
      { code: 'A', message: 'root', pointer: '/schema/properties/note/maxLength' },
      { code: 'B', message: 'rule', pointer: '/schema/allOf/2/then/properties/note' },
      { code: 'C', message: 'ui', pointer: '/uiSchema/note' },
      { code: 'D', message: 'other field', pointer: '/schema/properties/notes' },
      { code: 'E', message: 'whole form', pointer: '/schema' },
      { code: 'F', message: 'no pointer' },
    ];
    expect(problemsOfField(problems, 'note').map((problem) => problem.code)).toEqual(['A', 'B', 'C']);
  });
});
