import iconv from 'iconv-lite';
import { Parser } from 'saxen';
import { problemError } from '../../errors/flowdesk-error.js';
import { decodeUtf8 } from '../json-reader.js';

export const DEFAULT_MAX_XML_DEPTH = 256;

/**
 * Encodings we honour when an XML header declares them, mapped to iconv-lite names. Other
 * modelers write ISO-8859-1 or windows-1252 (decoded as windows-1252, its superset in practice,
 * as browsers do); Chinese tools sometimes GBK. iconv-lite rather than TextDecoder, which on
 * Node 20 decodes windows-1252 as plain Latin-1.
 */
const DECODER_BY_DECLARED_ENCODING: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
};

/**
 * Turns XML bytes into text, honouring a byte-order mark or the encoding in the XML header.
 * @throws BUNDLE_ENCODING_INVALID for an unknown encoding or bytes invalid in UTF-8.
 */
export function decodeXml(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(Buffer.from(bytes), 'utf-16be');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(Buffer.from(bytes), 'utf-16le');
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^(?:\uFEFF|ï»¿)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const label = declared === undefined ? 'utf-8' : DECODER_BY_DECLARED_ENCODING[declared.toLowerCase()];
  if (label === undefined) {
    throw problemError({ code: 'BUNDLE_ENCODING_INVALID', file, line: 1, message: `the XML header declares encoding "${declared}", which Flowdesk does not read; save the file as UTF-8` });
  }
  if (label === 'utf-8') return decodeUtf8(bytes, file);
  // The text is Unicode now; say so in the header, or the BPMN reader warns about the old label.
  return iconv.decode(Buffer.from(bytes), label).replace(/^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']+/, '$1UTF-8');
}

/**
 * A fast first pass over XML before any model is built: refuses DOCTYPE (and with it external
 * entities and entity expansion), malformed markup and nesting past `maxDepth`.
 */
export function guardXml(text: string, file: string, maxDepth = DEFAULT_MAX_XML_DEPTH): void {
  const parser = new Parser();
  // saxen counts lines and columns from 0; people and editors count from 1.
  const at = (getContext: () => { line: number; column: number }) => {
    const { line, column } = getContext();
    return { line: line + 1, column: column + 1 };
  };
  let depth = 0;
  const openTags: string[] = [];
  parser.on('attention', (declaration, _decode, getContext) => {
    throw problemError({
      code: 'BUNDLE_XML_DOCTYPE_FORBIDDEN',
      file,
      ...at(getContext),
      message: `"${declaration.slice(0, 40)}…" is refused: DOCTYPE and entity declarations are not allowed`,
    });
  });
  parser.on('openTag', (name, _attrs, _decode, selfClosing, getContext) => {
    if (selfClosing) return;
    openTags.push(name);
    if (++depth > maxDepth) {
      throw problemError({ code: 'BUNDLE_NESTING_TOO_DEEP', file, ...at(getContext), message: `elements nest deeper than ${maxDepth} levels` });
    }
  });
  parser.on('closeTag', (name, _decode, selfClosing, getContext) => {
    if (selfClosing) return;
    const expected = openTags.pop();
    depth--;
    if (expected !== name) {
      throw problemError({ code: 'BUNDLE_XML_MALFORMED', file, ...at(getContext), message: `closing tag </${name}> does not match <${expected ?? '(none)'}>` });
    }
  });
  const malformed = (error: Error, getContext: () => { line: number; column: number }) => {
    throw problemError({ code: 'BUNDLE_XML_MALFORMED', file, ...at(getContext), message: `malformed XML: ${error.message}` });
  };
  parser.on('error', malformed);
  parser.on('warn', malformed);
  parser.parse(text);
  if (openTags.length > 0) {
    throw problemError({ code: 'BUNDLE_XML_MALFORMED', file, message: `malformed XML: <${openTags.at(-1)}> is never closed` });
  }
  if (!/<[A-Za-z_]/.test(text)) {
    throw problemError({ code: 'BUNDLE_XML_MALFORMED', file, line: 1, column: 1, message: 'malformed XML: no root element' });
  }
}
