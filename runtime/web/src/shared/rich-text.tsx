/**
 * Rich text (HTML) fields in the browser: one allowlist, the server's (engine/process/
 * rich-text-fields.ts), applied with DOMPurify to what the editor produces and to whatever is shown.
 * Stored HTML has been sanitized by the server already; showing it sanitizes again, so a value that
 * reached the database some other way still cannot run script.
 */
import DOMPurify from 'dompurify';
import { useMemo } from 'react';

const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre'];
/** Links lead to web pages and mail addresses only; relative and script addresses are dropped. */
export const SAFE_LINK = /^(?:https?:|mailto:)/i;

/**
 * Chrome reports a CSP violation for every inline event handler it parses, even in the inert
 * document DOMPurify parses into, where it never runs: handler attributes are renamed inside tags
 * first so the console (and any CSP report) stays quiet. DOMPurify drops them either way; this is
 * not the safety net, and a handler it misses is still removed.
 */
function withHandlersRenamed(html: string): string {
  return html.replace(/<[^>]*>/g, (tag) => tag.replace(/([\s/"'])on([a-z]+\s*=)/gi, '$1data-dropped-on$2'));
}

/** `html` with only the allowed markup left; links open with rel="noopener". */
export function sanitizeRichText(html: string): string {
  const fragment = DOMPurify.sanitize(withHandlersRenamed(html), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOWED_URI_REGEXP: SAFE_LINK,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const link of fragment.querySelectorAll('a')) link.setAttribute('rel', 'noopener');
  const box = document.createElement('div');
  box.appendChild(fragment);
  return box.innerHTML;
}

/** Whether sanitized HTML shows nothing (an emptied editor leaves `<br>` or empty paragraphs behind). */
export function isBlankRichText(html: string): boolean {
  // A parsed document is inert: nothing in it loads or runs.
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return (body.textContent ?? '').trim() === '' && body.querySelector('li') === null;
}

/** Shows a rich-text value read-only, sanitized. */
export function RichText({ html, className }: { html: string | null | undefined; className?: string }) {
  const clean = useMemo(() => sanitizeRichText(html ?? ''), [html]);
  return <div className={['fd-rich-text', className].filter(Boolean).join(' ')} dangerouslySetInnerHTML={{ __html: clean }} />;
}
