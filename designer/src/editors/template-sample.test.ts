import { parseSample, templateSample } from './template-sample.js';

describe('the sample a notification preview renders', () => {
  it("holds the record's values and what the rule's event adds", () => {
    const sample = templateSample('sla.threshold', { id: 'suggestion', states: ['submitted', 'done'], fields: ['subject', 'score'] });
    expect(sample).toMatchObject({ number: expect.any(String), state: 'submitted', fields: { subject: '‹subject›', score: '‹score›' }, recipient: { name: expect.any(String) }, percent: 75 });
    expect(templateSample('task.created', undefined)).toMatchObject({ fields: {}, task: { name: expect.any(String), dueAt: expect.any(String) } });
    expect(templateSample('record.created', undefined)).not.toHaveProperty('task');
  });

  it('reads the sample typed as JSON, saying why it cannot', () => {
    expect(parseSample('{"number":"X-1"}')).toEqual({ sample: { number: 'X-1' } });
    expect(parseSample('[1]')).toEqual({ problem: 'not-an-object' });
    expect(parseSample('{ number')).toEqual({ problem: 'not-json', detail: expect.any(String) });
  });
});
