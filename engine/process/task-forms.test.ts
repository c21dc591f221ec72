import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { ProcessPackage } from './process-package.js';
import { createFormValidator } from './task-forms.js';

const FORM = {
  id: 'log',
  titleKey: 'form.log',
  schema: {
    type: 'object',
    properties: {
      impact: { type: 'integer', enum: [1, 2] },
      priority: { type: 'string', enum: ['high', 'low'], 'x-flowdesk-computed': { from: ['impact'], table: { '1': 'high', '2': 'low' } } },
      notes: { type: 'string', contentMediaType: 'text/html', maxLength: 20 },
    },
    required: ['impact', 'priority'],
    additionalProperties: false,
  },
};
const pkg = { bundleVersionId: 'v1', bundleName: 'demo', version: '1.0.0', forms: new Map([['log', FORM]]) } as unknown as ProcessPackage;

describe('form data validation', () => {
  it('recomputes computed fields and sanitizes HTML before it checks and returns the data', () => {
    const forms = createFormValidator();
    expect(forms.assertValid(pkg, 'log', { impact: 2, priority: 'high', notes: '<em>x</em><img src=x onerror=alert(1)>' })).toEqual({ impact: 2, priority: 'low', notes: '<em>x</em>' });
  });

  it('checks the sanitized value: markup the server drops does not count against maxLength', () => {
    const forms = createFormValidator();
    expect(forms.assertValid(pkg, 'log', { impact: 1, notes: `ok<script>${'x'.repeat(100)}</script>` })).toEqual({ impact: 1, priority: 'high', notes: 'ok' });
  });

  it('refuses data whose computed field has no value, with its pointer', () => {
    const forms = createFormValidator();
    let thrown: unknown;
    try {
      forms.assertValid(pkg, 'log', { impact: 3, priority: 'high' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FlowdeskError);
    expect((thrown as FlowdeskError).details).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/priority' }), expect.objectContaining({ pointer: '/impact' })]));
  });
});
