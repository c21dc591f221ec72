import { jest } from '@jest/globals';
import { Engine } from 'bpmn-engine';
import { EventEmitter } from 'node:events';
import { createSafeExpressions } from './safe-expressions.js';

/** An exclusive gateway after the start event choosing between two end events. */
const diagram = (flows: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <process id="p" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="to-gateway" sourceRef="start" targetRef="gateway" />
    <exclusiveGateway id="gateway" />
    ${flows}
    <endEvent id="large" />
    <endEvent id="small" />
  </process>
</definitions>`;

const conditional = (id: string, target: string, condition: string) =>
  `<sequenceFlow id="${id}" sourceRef="gateway" targetRef="${target}"><conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression></sequenceFlow>`;

const byAmount = conditional('to-large', 'large', '${environment.variables.amount > 100}') + conditional('to-small', 'small', '${environment.variables.amount &lt;= 100}');

/** Runs a diagram to its end or its error, recording the flows taken and the activities ended. */
async function run(source: string, options: { variables?: Record<string, unknown>; services?: Record<string, CallableFunction> } = {}) {
  const engine = new Engine({ name: 'expressions', source, expressions: createSafeExpressions(), ...options });
  const listener = new EventEmitter();
  const taken: string[] = [];
  const ended: string[] = [];
  listener.on('flow.take', (flow: { id: string }) => taken.push(flow.id));
  listener.on('activity.end', (activity: { id: string }) => ended.push(activity.id));
  const finished = engine.waitFor('end');
  finished.catch(() => undefined);
  let error: unknown;
  try {
    await engine.execute({ listener });
    await finished;
  } catch (caught) {
    error = caught;
  }
  return { error, taken, ended };
}

describe('bpmn-engine with createSafeExpressions', () => {
  it('takes the path whose condition on environment.variables holds', async () => {
    expect(await run(diagram(byAmount), { variables: { amount: 150 } })).toEqual({ error: undefined, taken: ['to-gateway', 'to-large'], ended: ['start', 'gateway', 'large'] });
    expect((await run(diagram(byAmount), { variables: { amount: 50 } })).ended).toEqual(['start', 'gateway', 'small']);
  });

  it('fails the run on a condition reaching for constructor, before evaluating anything, and takes no path', async () => {
    const hostile = conditional('to-large', 'large', "${constructor.constructor('return process')()}") + conditional('to-small', 'small', '${true}');
    const { error, taken, ended } = await run(diagram(hostile));
    expect(error).toMatchObject({ code: 'EXPRESSION_FORBIDDEN', message: expect.stringContaining('constructor') });
    expect(taken).toEqual(['to-gateway']);
    expect(ended).toEqual(['start']);
  });

  it('never calls a host function named by a service task implementation', async () => {
    const fn = jest.fn((_scope: unknown, callback: (error: null) => void) => callback(null));
    const flows = '<sequenceFlow id="to-task" sourceRef="gateway" targetRef="task" /><serviceTask id="task" implementation="${environment.services.fn()}" /><sequenceFlow id="to-end" sourceRef="task" targetRef="large" />';
    const source = diagram(flows).replace('<endEvent id="small" />', '');
    const { error, ended } = await run(source, { services: { fn } });
    expect(error).toMatchObject({ code: 'EXPRESSION_FORBIDDEN', message: expect.stringContaining('function calls') });
    expect(ended).toEqual(['start', 'gateway']);
    expect(fn).not.toHaveBeenCalled();
  });

  it('does not hand out a host function even without a call: the implementation is not a function', async () => {
    const fn = jest.fn((_scope: unknown, callback: (error: null) => void) => callback(null));
    const flows = '<sequenceFlow id="to-task" sourceRef="gateway" targetRef="task" /><serviceTask id="task" implementation="${environment.services.fn}" /><sequenceFlow id="to-end" sourceRef="task" targetRef="large" />';
    const { error } = await run(diagram(flows).replace('<endEvent id="small" />', ''), { services: { fn } });
    expect(error).toMatchObject({ message: expect.stringContaining('did not resolve to a function') });
    expect(fn).not.toHaveBeenCalled();
  });
});
