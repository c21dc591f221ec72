/**
 * A text prepared once for catalog search, and the test whether a search term matches it. Any
 * text matches by substring (NFKC, case-insensitive). A text with Chinese characters also matches
 * by pinyin without tones, the way people type on a phone: each character by its whole syllable
 * or by the start of it, mixed freely — `mm` and `mima` find 密码, `czmm` and `chongzhimm` find
 * 重置密码. Every reading of a character counts (重 is chong and zhong), because the reading in
 * context is often not the one for a short title out of context.
 */
import { pinyin } from 'pinyin-pro';
import { normalizeSearchText } from '../engine/index.js';

/** One character: its toneless readings when it is Chinese, else itself (lower case). */
type Token = { readings: readonly string[] } | { char: string };

export interface SearchableText {
  /** The normalized text, for substring matches. */
  plain: string;
  /** Present when the text holds Chinese characters. */
  tokens: readonly Token[] | null;
}

/** How well a term matched a text: the whole of it, its start, or somewhere inside. */
export type MatchKind = 'exact' | 'prefix' | 'contains';

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const PINYIN_TERM = /^[a-z]+$/;

/** Prepares a text; `withPinyin: false` for long texts (descriptions), where initials would match nearly anything. */
export function searchableText(text: string, withPinyin: boolean): SearchableText {
  const plain = normalizeSearchText(text);
  if (!withPinyin || !HAN.test(plain)) return { plain, tokens: null };
  const tokens = pinyin(plain, { toneType: 'none', type: 'all' }).map((char): Token => (char.isZh ? { readings: readingsOf(char.pinyin, char.polyphonic) } : { char: char.origin }));
  return { plain, tokens };
}

/** The reading in context first, then every other reading, without tones; ü also as v and u. */
function readingsOf(inContext: string, all: readonly string[]): string[] {
  const readings = new Set<string>();
  for (const reading of [inContext, ...all]) {
    const toneless = reading.replace(/ü/g, 'v').normalize('NFD').replace(/\p{M}/gu, '');
    if (toneless === '') continue;
    readings.add(toneless);
    if (toneless.includes('v')) readings.add(toneless.replace(/v/g, 'u'));
  }
  return [...readings];
}

/** A normalized search term (one word of the query) against a text. */
export function matchText(text: SearchableText, term: string): MatchKind | null {
  if (text.plain === term) return 'exact';
  if (text.plain.startsWith(term)) return 'prefix';
  if (text.plain.includes(term)) return 'contains';
  const letters = term.replace(/'/g, '');
  if (!text.tokens || !PINYIN_TERM.test(letters)) return null;
  return matchPinyin(text.tokens, letters);
}

function matchPinyin(tokens: readonly Token[], term: string): MatchKind | null {
  const isSkipped = (t: number) => {
    const token = tokens[t]!;
    return 'char' in token && !LETTER_OR_DIGIT.test(token.char);
  };
  const restSkipped = (t: number) => {
    for (let i = t; i < tokens.length; i++) if (!isSkipped(i)) return false;
    return true;
  };
  // consumes(t, p, toEnd): can term[p..] be typed from token t on (and, with toEnd, use up the text)?
  const memo = new Map<number, boolean>();
  const consumes = (t: number, p: number, toEnd: boolean): boolean => {
    if (p === term.length) return !toEnd || restSkipped(t);
    if (t === tokens.length) return false;
    const key = ((t * (term.length + 1) + p) << 1) | (toEnd ? 1 : 0);
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result = false;
    const token = tokens[t]!;
    if ('char' in token) {
      result = isSkipped(t) ? consumes(t + 1, p, toEnd) : token.char === term[p] && consumes(t + 1, p + 1, toEnd);
    } else {
      // A character is typed as its whole syllable or any start of it, longest first.
      for (const reading of token.readings) {
        let shared = 0;
        while (shared < reading.length && p + shared < term.length && reading[shared] === term[p + shared]) shared++;
        for (let length = shared; length > 0 && !result; length--) result = consumes(t + 1, p + length, toEnd);
        if (result) break;
      }
    }
    memo.set(key, result);
    return result;
  };
  let first = 0;
  while (first < tokens.length && isSkipped(first)) first++;
  if (first === tokens.length) return null;
  if (consumes(first, 0, true)) return 'exact';
  if (consumes(first, 0, false)) return 'prefix';
  for (let t = first + 1; t < tokens.length; t++) if (!isSkipped(t) && consumes(t, 0, false)) return 'contains';
  return null;
}
