import { renderMessage } from './notification-templates.js';

describe('notification templates', () => {
  it('escapes every value in the HTML body, keeps the text body as written, and keeps the subject on one line', () => {
    const view = { number: 'INC-000042', subject: '<img src=x onerror=alert(1)> & "quotes"\r\nBcc: victim@example.com', who: '张三' };
    const message = renderMessage({ subject: '{{number}} {{subject}}', body: '{{who}} wrote:\n{{subject}}' }, view);

    expect(message.subject).toBe('INC-000042 <img src=x onerror=alert(1)> & "quotes" Bcc: victim@example.com');
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.html).toBe('张三 wrote:<br>\n&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &quot;quotes&quot;<br>\nBcc: victim@example.com');
    expect(message.text).toBe(`张三 wrote:\n${view.subject}`);
  });

  it('cuts a long subject to 250 characters, counting Chinese characters as one', () => {
    expect(Array.from(renderMessage({ subject: '{{t}}', body: '' }, { t: '长'.repeat(400) }).subject)).toHaveLength(250);
  });

  it('does no logic: a section over a missing value renders nothing, and a partial is not loaded', () => {
    expect(renderMessage({ subject: 'x{{#missing}}y{{/missing}}', body: '{{> other}}z' }, {})).toEqual({ subject: 'x', text: 'z', html: 'z' });
  });
});
