/**
 * Rich-text form fields (`"contentMediaType": "text/html"` on a string): the browser sanitizes what
 * its editor produces, but a client can send anything, so the server keeps only an allowlist of
 * markup before the data is validated and stored. Links keep http, https and mailto addresses only
 * and open with rel="noopener".
 */
import sanitizeHtml from 'sanitize-html';

export const RICH_TEXT_MEDIA_TYPE = 'text/html';

const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre'];
const SAFE_HREF = /^(?:https?:|mailto:)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Relative and scheme-less addresses go too: a stored link leads only where it says.
    a: (tagName, attribs) => {
      const href = (attribs['href'] ?? '').trim();
      return { tagName, attribs: { ...(SAFE_HREF.test(href) ? { href } : {}), rel: 'noopener' } };
    },
  },
};

/** `html` with only the allowed markup left. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `data` with every string that `schema` marks as HTML sanitized, at any depth of `properties` and
 * `items`; everything else comes back as it was.
 */
export function withSanitizedRichText(schema: unknown, data: unknown): unknown {
  if (!isObject(schema)) return data;
  if (typeof data === 'string') return schema['contentMediaType'] === RICH_TEXT_MEDIA_TYPE ? sanitizeRichText(data) : data;
  if (Array.isArray(data)) return schema['items'] === undefined ? data : data.map((item) => withSanitizedRichText(schema['items'], item));
  if (!isObject(data) || !isObject(schema['properties'])) return data;
  const properties = schema['properties'];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) out[key] = Object.hasOwn(properties, key) ? withSanitizedRichText(properties[key], value) : value;
  return out;
}
