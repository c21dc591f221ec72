/**
 * Notification texts: logic-less Mustache templates from the bundle's i18n files, filled from the
 * event. The HTML body escapes every value; the text body and the subject take values as they
 * are, but a subject never carries a line break or another control character (no header
 * injection) and is cut to the outbox's column.
 */
import Mustache from 'mustache';

const MAX_SUBJECT_CHARS = 250;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Renders without HTML escaping: for plain text. */
function plain(template: string, view: object): string {
  return Mustache.render(template, view, {}, { escape: (value: unknown) => String(value) });
}

export function renderMessage(templates: { subject: string; body: string }, view: object): RenderedMessage {
  const subject = Array.from(plain(templates.subject, view).replace(CONTROL, ' ').trim()).slice(0, MAX_SUBJECT_CHARS).join('');
  const text = plain(templates.body, view);
  // Mustache's default escape covers & < > " ' / ` =.
  const html = Mustache.render(templates.body, view).replace(/\r?\n/g, '<br>\n');
  return { subject, text, html };
}
