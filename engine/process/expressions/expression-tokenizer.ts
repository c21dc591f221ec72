import { expressionError } from './expression-error.js';

export type Punctuator = '.' | '[' | ']' | '(' | ')' | '?' | ':' | '!' | '*' | '/' | '%' | '+' | '-' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '===' | '!==' | '&&' | '||';

export type Token =
  | { kind: 'number'; value: number; column: number }
  | { kind: 'string'; value: string; column: number }
  | { kind: 'name'; value: string; column: number }
  | { kind: 'punctuator'; value: Punctuator; column: number }
  | { kind: 'end'; column: number };

// Longest first, so that "===" is not read as "==" then "=".
const PUNCTUATORS: readonly Punctuator[] = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '.', '[', ']', '(', ')', '?', ':', '!', '*', '/', '%', '+', '-', '<', '>'];
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME = /[\p{L}_$][\p{L}\p{N}_$]*/uy;
const SPACE = /\s+/y;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };

/** Splits an expression into tokens; refuses characters that only serve assignment or code. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const column = at + 1;
    const space = match(SPACE, source, at);
    if (space) {
      at += space.length;
      continue;
    }
    const char = source[at]!;
    const number = match(NUMBER, source, at);
    const name = number ? undefined : match(NAME, source, at);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number), column });
      at += number.length;
    } else if (name) {
      tokens.push({ kind: 'name', value: name, column });
      at += name.length;
    } else if (char === "'" || char === '"') {
      const read = readString(source, at);
      tokens.push({ kind: 'string', value: read.value, column });
      at = read.end;
    } else {
      const punctuator = PUNCTUATORS.find((p) => source.startsWith(p, at));
      if (!punctuator) throw refuse(source, at);
      tokens.push({ kind: 'punctuator', value: punctuator, column });
      at += punctuator.length;
    }
  }
  tokens.push({ kind: 'end', column: source.length + 1 });
  return tokens;
}

function match(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  let at = start + 1;
  while (at < source.length && source[at] !== quote) {
    if (source[at] !== '\\') {
      value += source[at++];
      continue;
    }
    const escaped = source[at + 1];
    const unicode = escaped === 'u' ? /^[0-9a-fA-F]{4}/.exec(source.slice(at + 2, at + 6))?.[0] : undefined;
    if (unicode) {
      value += String.fromCharCode(parseInt(unicode, 16));
      at += 6;
    } else if (escaped !== undefined && ESCAPES[escaped] !== undefined) {
      value += ESCAPES[escaped];
      at += 2;
    } else {
      throw expressionError('EXPRESSION_INVALID', `unknown escape "\\${escaped ?? ''}" in a string`, at + 1);
    }
  }
  if (at >= source.length) throw expressionError('EXPRESSION_INVALID', 'a string is not closed', start + 1);
  return { value, end: at + 1 };
}

function refuse(source: string, at: number): Error {
  const column = at + 1;
  if (source[at] === '=') {
    return source[at + 1] === '>'
      ? expressionError('EXPRESSION_FORBIDDEN', 'functions (=>) are not part of the expression language', column)
      : expressionError('EXPRESSION_FORBIDDEN', 'assignment (=) is not allowed; compare with == or ===', column);
  }
  if (source[at] === '`') return expressionError('EXPRESSION_FORBIDDEN', 'template literals are not allowed; join strings with +', column);
  return expressionError('EXPRESSION_INVALID', `unexpected character "${source[at]}"`, column);
}
