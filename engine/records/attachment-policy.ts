/**
 * What an upload may be. The media type comes from the content (file-type's signatures; text
 * without a signature is text/plain), never from the client; markup (HTML, SVG, XML) and
 * executables are refused, as are names a desktop would run. The client's file name is kept for
 * display only, cleaned of paths, control and bidirectional-override characters.
 */
import { fileTypeFromBuffer } from 'file-type';
import { FlowdeskError } from '../errors/flowdesk-error.js';

/** How many leading bytes the sniffer looks at (zip-based office files need a look past the first entry). */
export const SNIFF_BYTES = 64 * 1024;

const MAX_NAME_CHARS = 200;
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"*:<>?|]/g;
/** The WHATWG MIME sniffing standard's HTML patterns, plus XML and SVG: a browser would render these. */
const MARKUP = /^\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg)(?:[\s>/]|$)/i;

export function refused(message: string): FlowdeskError {
  return new FlowdeskError('ATTACHMENT_REFUSED', message);
}

/**
 * The display name of an upload: the last path segment, without control, bidi-override and
 * characters Windows refuses, at most 200 characters (the extension kept).
 */
export function sanitizeFileName(name: unknown): string {
  const raw = typeof name === 'string' ? name : '';
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  let clean = lastSegment.normalize('NFC').replace(UNSAFE_NAME_CHARS, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').replace(/[. ]+$/, '');
  const chars = Array.from(clean);
  if (chars.length > MAX_NAME_CHARS) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 ? Array.from(clean.slice(dot)).slice(0, 20) : [];
    clean = [...chars.slice(0, MAX_NAME_CHARS - extension.length), ...extension].join('');
  }
  return clean === '' ? 'attachment' : clean;
}

/** @throws FlowdeskError ATTACHMENT_REFUSED when the name's extension is blocked. */
export function assertAllowedName(fileName: string, blockedExtensions: readonly string[]): void {
  const dot = fileName.lastIndexOf('.');
  const extension = dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (extension !== '' && blockedExtensions.includes(extension)) throw refused(`files ending in .${extension} are not accepted`);
}

/**
 * The media type of content that starts with `head`, or a refusal: markup is refused whatever
 * else it might pass for; a signature file-type knows must be on the allow-list; content without
 * one is text/plain when it reads as text.
 * @throws FlowdeskError ATTACHMENT_REFUSED
 */
export async function sniffMediaType(head: Buffer, isComplete: boolean, allowed: readonly string[]): Promise<string> {
  if (head.length === 0) throw refused('the file is empty');
  // Before the signatures: UTF-16 markup can pass for an MPEG frame (FF FE …).
  if (MARKUP.test(decodeText(head))) throw refused('HTML, SVG and XML files are not accepted');
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    if (!allowed.includes(detected.mime)) throw refused(`files of type ${detected.mime} are not accepted`);
    return detected.mime;
  }
  if (!looksLikeText(head, isComplete)) throw refused('the content is of no type that is accepted');
  if (!allowed.includes('text/plain')) throw refused('text files are not accepted');
  return 'text/plain';
}

/** The head as text, for the markup check: UTF-16 by its byte-order mark, else UTF-8 (ASCII is what matters). */
function decodeText(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.from(head.subarray(2, head.length - (head.length % 2))).swap16().toString('utf16le');
  return head.toString('utf8').replace(/^\ufeff/, '');
}

/**
 * Text in any ASCII-compatible encoding (UTF-8, GBK, Latin-1 …): no NUL and no control bytes but
 * tab, line feed, form feed, carriage return and escape; UTF-16 with a byte-order mark.
 */
function looksLikeText(head: Buffer, isComplete: boolean): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return head.length % 2 === 0 || !isComplete;
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}
