import { newOption, optionValueProblem, optionsOf, parseOptionValue, withOptions } from './static-options.js';

describe('a select’s fixed options', () => {
  const text = { type: 'string', oneOf: [{ const: 'option1', title: 'k.1' }, { const: 'vpn', title: 'k.vpn' }] };
  const whole = { type: 'integer', oneOf: [{ const: 1, title: 'u.1' }, { const: 3, title: 'u.3' }] };

  it('reads oneOf as values with text keys and writes them back', () => {
    expect(optionsOf(text)).toEqual([{ value: 'option1', titleKey: 'k.1' }, { value: 'vpn', titleKey: 'k.vpn' }]);
    expect(withOptions(text, optionsOf(text))).toEqual(text);
  });

  it('gives a new option a free value of the field’s type and a key of its own', () => {
    expect(newOption(text, 'sample', 'reason')).toEqual({ value: 'option3', titleKey: 'form.sample.reason.option.option3' });
    expect(newOption(whole, 'sample', 'level')).toEqual({ value: 4, titleKey: 'form.sample.level.option.4' });
  });

  it('takes a typed value as the field’s type has it, and says what is wrong with it', () => {
    expect([parseOptionValue(whole, ' 2 '), parseOptionValue(whole, '2.5'), parseOptionValue(text, ' a b ')]).toEqual([2, null, 'a b']);
    expect([optionValueProblem(text, 0, ''), optionValueProblem(whole, 0, 'x'), optionValueProblem(text, 0, 'vpn'), optionValueProblem(text, 1, 'vpn')]).toEqual(['empty', 'invalid', 'taken', null]);
  });
});
