import { sanitizeRichText, withSanitizedRichText } from './rich-text-fields.js';

describe('rich-text form fields', () => {
  it('keeps the allowed markup', () => {
    const html = '<p><strong>Bold</strong> <b>b</b> <em>it</em> <i>i</i> <u>u</u><br></p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote><pre><code>x = 1</code></pre>';
    expect(sanitizeRichText(html)).toBe('<p><strong>Bold</strong> <b>b</b> <em>it</em> <i>i</i> <u>u</u><br /></p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote><pre><code>x = 1</code></pre>');
  });

  it('removes scripts with their content, event handlers, styles and other tags', () => {
    expect(sanitizeRichText('<p onclick="steal()">Hi<script>alert(1)</script></p><img src=x onerror="alert(2)"><style>p{}</style><iframe src="https://evil.test"></iframe><div style="color:red">div</div>')).toBe('<p>Hi</p>div');
  });

  it('keeps http, https and mailto links only, each with rel="noopener"', () => {
    expect(sanitizeRichText('<a href="https://example.test/a" target="_top" rel="opener">a</a>')).toBe('<a href="https://example.test/a" rel="noopener">a</a>');
    expect(sanitizeRichText('<a href="mailto:desk@example.test">m</a>')).toBe('<a href="mailto:desk@example.test" rel="noopener">m</a>');
    expect(sanitizeRichText('<a href="javascript:alert(1)">j</a>')).toBe('<a rel="noopener">j</a>');
    expect(sanitizeRichText('<a href=" JaVaScRiPt:alert(1)">j</a>')).toBe('<a rel="noopener">j</a>');
    expect(sanitizeRichText('<a href="data:text/html,x">d</a>')).toBe('<a rel="noopener">d</a>');
    expect(sanitizeRichText('<a href="//evil.test/">p</a>')).toBe('<a rel="noopener">p</a>');
    expect(sanitizeRichText('<a href="/relative">r</a>')).toBe('<a rel="noopener">r</a>');
  });

  it('sanitizes the fields a schema marks text/html, at any depth, and nothing else', () => {
    const schema = {
      type: 'object',
      properties: {
        body: { type: 'string', contentMediaType: 'text/html' },
        plain: { type: 'string' },
        notes: { type: 'array', items: { type: 'object', properties: { text: { type: 'string', contentMediaType: 'text/html' } } } },
      },
    };
    const bad = '<b>x</b><script>1</script>';
    expect(withSanitizedRichText(schema, { body: bad, plain: bad, notes: [{ text: bad }], other: bad })).toEqual({
      body: '<b>x</b>',
      plain: bad,
      notes: [{ text: '<b>x</b>' }],
      other: bad,
    });
    expect(withSanitizedRichText(schema, { body: 7 })).toEqual({ body: 7 });
  });
});
