import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_LOOP_CARDINALITY } from './bpmn-hazards.js';
import { readBpmn } from './bpmn-reader.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(join(here, 'fixtures', name));
const sample = () => readFileSync(join(here, '../../../definitions/flowdesk-sample/processes/suggestion.bpmn'), 'utf8');
const read = (xml: string | Buffer) => readBpmn(typeof xml === 'string' ? Buffer.from(xml) : xml, 'processes/p.bpmn');

const minimal = (body: string, processAttrs = 'isExecutable="true"') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowdesk="https://flowdesk.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" ${processAttrs}>
    <bpmn:startEvent id="start" />
    ${body}
  </bpmn:process>
</bpmn:definitions>`;

describe('readBpmn', () => {
  it('reads the sample process with its Flowdesk attributes and no problems', async () => {
    const { processes, problems } = await read(sample());
    expect(problems).toEqual([]);
    const review = processes[0]!.elements.find((e) => e.id === 'review')!;
    expect(review.attributes).toMatchObject({ formKey: 'suggestion-review', candidateGroups: 'suggestion-reviewer', dueIn: 'PT8H', calendar: 'office-hours' });
    expect(processes[0]!.recordType).toBe('suggestion');
  });

  it('reports a misspelt Flowdesk attribute (a moddle warning) as an error on the element', async () => {
    const { problems } = await read(minimal('<bpmn:userTask id="review" flowdesk:formkey="f" />'));
    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_BPMN_INVALID', element: 'review', elementType: 'bpmn:UserTask', message: expect.stringContaining('flowdesk:formkey') })]);
  });

  it('reports an unresolved reference with the element that holds it', async () => {
    const { problems } = await read(minimal('<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="nowhere" />'));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'BUNDLE_BPMN_INVALID', element: 'f1', message: expect.stringContaining('nowhere') }));
  });

  it('refuses a DOCTYPE with an external entity, naming the line', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&xxe;</bpmn:definitions>`;
    const { problems, processes } = await read(xml);
    expect(processes).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_XML_DOCTYPE_FORBIDDEN', file: 'processes/p.bpmn', line: 2 })]);
  });

  it('refuses entity expansion (billion laughs) before expanding anything', async () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol10;</bpmn:definitions>`;
    const { problems } = await read(xml);
    expect(problems[0]!.code).toBe('BUNDLE_XML_DOCTYPE_FORBIDDEN');
  });

  it('refuses malformed XML with line and column', async () => {
    const { problems } = await read('<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <bpmn:process id="p">\n</bpmn:definitions>');
    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_XML_MALFORMED', file: 'processes/p.bpmn', line: 4 })]);
  });

  it('refuses very deep nesting', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</bpmn:definitions>`;
    const { problems } = await read(xml);
    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_NESTING_TOO_DEEP' })]);
  });

  it('refuses invalid UTF-8 and unknown declared encodings', async () => {
    const bad = Buffer.concat([Buffer.from('<?xml version="1.0"?><a name="'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('"/>')]);
    expect((await read(bad)).problems[0]!.code).toBe('BUNDLE_ENCODING_INVALID');
    expect((await read('<?xml version="1.0" encoding="EBCDIC-CP-US"?><a/>')).problems[0]).toMatchObject({ code: 'BUNDLE_ENCODING_INVALID', line: 1 });
  });

  it('reports a document that is not BPMN instead of throwing', async () => {
    const { problems } = await read('<?xml version="1.0"?><html><body>hello</body></html>');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.code === 'BUNDLE_BPMN_INVALID')).toBe(true);
  });

  it('lists each element the engine cannot run by id and type', async () => {
    const { problems } = await read(
      minimal('<bpmn:scriptTask id="calc" scriptFormat="groovy"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask><bpmn:complexGateway id="cg" /><bpmn:intermediateCatchEvent id="ce"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>'),
    );
    expect(problems.map((p) => [p.code, p.element, p.elementType])).toEqual([
      ['BUNDLE_BPMN_UNSUPPORTED', 'calc', 'bpmn:ScriptTask'],
      ['BUNDLE_BPMN_UNSUPPORTED', 'cg', 'bpmn:ComplexGateway'],
      ['BUNDLE_BPMN_UNSUPPORTED', 'ce', 'bpmn:IntermediateCatchEvent'],
    ]);
  });

  it('reports a process marked isExecutable="false" as a warning by id and type', async () => {
    const { problems, processes } = await read(minimal('', 'isExecutable="false"'));
    expect(processes[0]!.isExecutable).toBe(false);
    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_BPMN_NOT_EXECUTABLE', severity: 'warning', element: 'p', elementType: 'bpmn:Process' })]);
  });

  describe('diagrams from other modelers', () => {
    it('reads Camunda Modeler output, ignoring its vendor extensions', async () => {
      const { processes, problems } = await read(fixture('camunda-modeler.bpmn'));
      expect(problems).toEqual([]);
      expect(processes[0]!.elements.map((e) => e.id)).toContain('Event_Timeout');
    });

    it('reads a Signavio collaboration: the non-executable pool is a warning, the complex gateway unsupported', async () => {
      const { processes, problems } = await read(fixture('signavio.bpmn'));
      expect(processes.map((p) => [p.id, p.isExecutable])).toEqual([['sid-customer-process', false], ['sid-desk-process', true]]);
      expect(problems.map((p) => [p.code, p.element])).toEqual([
        ['BUNDLE_BPMN_NOT_EXECUTABLE', 'sid-customer-process'],
        ['BUNDLE_BPMN_UNSUPPORTED', 'sid-complex'],
      ]);
    });

    it('reads Bizagi output, whose inline JavaScript task (scriptFormat="JavaScript") runs in the sandbox', async () => {
      const { processes, problems } = await read(fixture('bizagi.bpmn'));
      expect(problems).toEqual([]);
      expect(processes[0]!.elements.find((e) => e.id === 'Id_script')!.type).toBe('bpmn:ScriptTask');
    });

    it('honours the windows-1252 encoding Enterprise Architect declares', async () => {
      const { processes, problems } = await read(fixture('enterprise-architect.bpmn'));
      expect(problems).toEqual([]);
      expect(processes[0]!.name).toBe('Demande de congé – à approuver');
      expect(processes[0]!.elements.find((e) => e.id === 'EAID_task')!.name).toBe('Vérifier la demande “à la main”');
    });

    it('honours the ISO-8859-1 encoding Visual Paradigm declares and lists its conditional event', async () => {
      const { processes, problems } = await read(fixture('visual-paradigm.bpmn'));
      expect(processes[0]!.name).toBe('Änderung prüfen');
      expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_BPMN_UNSUPPORTED', element: '_vp_wait' })]);
    });
  });

  describe('what runs', () => {
    it('runs a call activity whose process is in the same file, and refuses one that calls elsewhere', async () => {
      const { problems: fine } = await read(minimal('<bpmn:callActivity id="here" calledElement="p"/>'));
      expect(fine).toEqual([]);
      const { problems } = await read(minimal('<bpmn:callActivity id="away" calledElement="elsewhere"/>'));
      expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_BPMN_UNSUPPORTED', element: 'away', elementType: 'bpmn:CallActivity', message: expect.stringContaining('"elsewhere"') })]);
    });

    it('runs event subprocesses at process level started by a timer, message or signal; refuses others', async () => {
      const eventSubprocess = (id: string, definition: string) =>
        `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}-start">${definition}</bpmn:startEvent></bpmn:subProcess>`;
      const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';
      const { problems: fine } = await read(minimal(eventSubprocess('onTimer', timer) + eventSubprocess('onSignal', '<bpmn:signalEventDefinition/>')));
      expect(fine).toEqual([]);
      const nested = `<bpmn:subProcess id="outer">${eventSubprocess('inner', timer)}</bpmn:subProcess>`;
      const { problems } = await read(minimal(nested + eventSubprocess('onError', '<bpmn:errorEventDefinition/>') + eventSubprocess('bare', '')));
      expect(problems.map((p) => [p.code, p.element, p.message])).toEqual([
        ['BUNDLE_BPMN_UNSUPPORTED', 'inner', expect.stringContaining('process level only')],
        ['BUNDLE_BPMN_UNSUPPORTED', 'onError', expect.stringContaining('timer, message or signal')],
        ['BUNDLE_BPMN_UNSUPPORTED', 'bare', expect.stringContaining('timer, message or signal')],
      ]);
    });

    it('runs inline JavaScript and plugin script tasks; refuses other languages, empty scripts and both at once', async () => {
      const { problems } = await read(fixture('script-tasks.bpmn'));
      expect(problems.map((p) => [p.code, p.element])).toEqual([
        ['BUNDLE_BPMN_UNSUPPORTED', 'groovy'],
        ['BUNDLE_BPMN_INVALID', 'empty'],
        ['BUNDLE_BPMN_INVALID', 'both'],
      ]);
      expect(problems[0]!.message).toContain('flowdesk:plugin');
    });

    it('refuses code named by ${…} in implementation or vendor expression attributes, and lets ##WebService pass', async () => {
      const { problems } = await read(fixture('service-implementations.bpmn'));
      expect(problems.map((p) => [p.code, p.element])).toEqual([
        ['BUNDLE_BPMN_UNSUPPORTED', 'implementation'],
        ['BUNDLE_BPMN_UNSUPPORTED', 'camunda-expression'],
        ['BUNDLE_BPMN_UNSUPPORTED', 'delegate'],
      ]);
      expect(problems.map((p) => p.message)).toEqual(problems.map(() => expect.stringContaining('use flowdesk:plugin')));
    });
  });

  describe('expressions', () => {
    it('checks each condition: one ${…} that parses, or JavaScript, never empty, no other language', async () => {
      const { problems } = await read(fixture('conditions.bpmn'));
      expect(problems.map((p) => [p.code, p.element])).toEqual([
        ['BUNDLE_BPMN_HAZARD', 'empty'],
        ['BUNDLE_BPMN_HAZARD', 'empty-javascript'],
        ['BUNDLE_BPMN_INVALID', 'syntax'],
        ['BUNDLE_BPMN_INVALID', 'hostile'],
        ['BUNDLE_BPMN_INVALID', 'padded'],
        ['BUNDLE_BPMN_INVALID', 'bare-text'],
        ['BUNDLE_BPMN_UNSUPPORTED', 'xpath'],
      ]);
      const byElement = new Map(problems.map((p) => [p.element, p.message]));
      expect(byElement.get('syntax')).toContain('(column 9)');
      expect(byElement.get('hostile')).toContain('"constructor" is not accessible');
      expect(byElement.get('padded')).toContain('always be true');
    });

    it('checks loop cardinality (a whole number or one ${…}) and loop conditions', async () => {
      const { problems } = await read(fixture('multi-instance.bpmn'));
      expect(problems.map((p) => [p.code, p.element])).toEqual(
        expect.arrayContaining([
          ['BUNDLE_BPMN_INVALID', 'words'],
          ['BUNDLE_BPMN_INVALID', 'bad-completion'],
          ['BUNDLE_BPMN_HAZARD', 'empty-completion'],
        ]),
      );
      expect(problems.map((p) => p.element)).not.toEqual(expect.arrayContaining(['approvers', 'three']));
    });
  });

  describe('hazards that would keep a worker busy', () => {
    it(`refuses a literal loop cardinality or loopMaximum over ${MAX_LOOP_CARDINALITY}`, async () => {
      const { problems } = await read(fixture('multi-instance.bpmn'));
      expect(problems.filter((p) => p.message.includes('instances'))).toEqual([
        expect.objectContaining({ code: 'BUNDLE_BPMN_HAZARD', element: 'too-many', message: expect.stringContaining('5000') }),
        expect.objectContaining({ code: 'BUNDLE_BPMN_HAZARD', element: 'standard', message: expect.stringContaining('2000') }),
      ]);
    });

    it('refuses cycles with no interval or repeating forever more than once a minute, and timer values that do not parse', async () => {
      const { problems } = await read(fixture('timers.bpmn'));
      expect(problems.map((p) => [p.code, p.element])).toEqual([
        ['BUNDLE_BPMN_HAZARD', 'spin'],
        ['BUNDLE_BPMN_HAZARD', 'five-at-once'],
        ['BUNDLE_BPMN_HAZARD', 'half-minute'],
        ['BUNDLE_BPMN_INVALID', 'cron'],
        ['BUNDLE_BPMN_INVALID', 'in-words'],
        ['BUNDLE_BPMN_INVALID', 'no-such-day'],
        ['BUNDLE_BPMN_INVALID', 'padded'],
        ['BUNDLE_BPMN_INVALID', 'bad-expression'],
        ['BUNDLE_BPMN_INVALID', 'no-time'],
      ]);
      expect(problems.find((p) => p.element === 'padded')!.message).toContain('no spaces');
    });

    it('refuses a loop through no wait state, and accepts loops through a user task or a timer that waits', async () => {
      const { problems } = await read(fixture('loops.bpmn'));
      expect(problems.map((p) => [p.code, p.element])).toEqual([
        ['BUNDLE_BPMN_HAZARD', 'sp-count'],
        ['BUNDLE_BPMN_HAZARD', 'zw-gate'],
        ['BUNDLE_BPMN_HAZARD', 'rt-call'],
        ['BUNDLE_BPMN_HAZARD', 'ns-inner'],
      ]);
      expect(problems[0]!.message).toContain('sp-count, sp-more');
      expect(problems[2]!.message).toContain('rt-call, rt-failed');
    });

    it('finds the loop in a long chain without overflowing the stack', async () => {
      const tasks = Array.from({ length: 20_000 }, (_, i) => `<bpmn:task id="t${i}" /><bpmn:sequenceFlow id="f${i}" sourceRef="t${i}" targetRef="t${i + 1}" />`).join('');
      const { problems } = await read(minimal(`<bpmn:sequenceFlow id="go" sourceRef="start" targetRef="t0" />${tasks}<bpmn:task id="t20000" /><bpmn:sequenceFlow id="back" sourceRef="t20000" targetRef="t0" />`));
      expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_BPMN_HAZARD', element: 't0', message: expect.stringContaining('t0, t1, t2') })]);
    });

    it('checks nothing of a process that is not executable beyond the warning', async () => {
      const { problems } = await read(minimal('<bpmn:task id="a" /><bpmn:sequenceFlow id="f" sourceRef="a" targetRef="a" />', 'isExecutable="false"'));
      expect(problems.map((p) => p.code)).toEqual(['BUNDLE_BPMN_NOT_EXECUTABLE']);
    });
  });
});
