/**
 * How text becomes searchable, the same for what is stored and what is asked: NFKC (full-width
 * letters and digits become ASCII), lower case, single spaces; then grams — bigrams inside runs of
 * Han, kana and Hangul (most Chinese words are two characters), trigrams inside runs of other
 * letters and digits (bigrams of Latin text would match nearly every record). The grams only
 * narrow the candidates; every term is then checked as a substring, so results are exact.
 */
import { FlowdeskError } from '../errors/flowdesk-error.js';

const CJK = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Hangul}]/u;
/** Letters, digits and marks; CJK punctuation (、。「」) shares the scripts' extensions but separates like any other. */
const WORD = /[\p{L}\p{N}\p{M}]/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The most grams one query looks up; the substring check makes up for the ones left out. */
const MAX_QUERY_GRAMS = 12;

export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/** The distinct grams of normalized text. */
export function gramsOf(normalized: string): Set<string> {
  const grams = new Set<string>();
  let run: string[] = [];
  let runIsCjk = false;
  const flush = () => {
    const size = runIsCjk ? 2 : 3;
    for (let i = 0; i + size <= run.length; i++) grams.add(run.slice(i, i + size).join(''));
    run = [];
  };
  for (const char of normalized) {
    if (!WORD.test(char)) {
      flush();
      continue;
    }
    const isCjk = CJK.test(char);
    if (run.length > 0 && isCjk !== runIsCjk) flush();
    runIsCjk = isCjk;
    run.push(char);
  }
  flush();
  return grams;
}

export interface SearchPlan {
  /** Normalized terms, each of which must occur in the record's text. */
  terms: string[];
  /** Grams to look up in the index (at most MAX_QUERY_GRAMS, spread over the terms). */
  grams: string[];
}

/**
 * Splits a user's query into terms (whitespace separates them; every other character is data,
 * including FTS and SQL operators) and picks the grams to look up.
 * @throws FlowdeskError INPUT_INVALID for an empty query, one longer than `maxChars` or with more than `maxTerms` terms.
 */
export function planSearch(text: unknown, limits: { maxChars: number; maxTerms: number }): SearchPlan {
  if (typeof text !== 'string') throw new FlowdeskError('INPUT_INVALID', 'the search text must be a string', { details: [{ pointer: '/text', message: 'must be a string' }] });
  if ([...text].length > limits.maxChars) {
    throw new FlowdeskError('INPUT_INVALID', `the search text is longer than ${limits.maxChars} characters`, { details: [{ pointer: '/text', message: 'too long' }] });
  }
  const terms = [...new Set(normalizeSearchText(text).split(' ').filter((t) => t !== ''))];
  if (terms.length === 0) throw new FlowdeskError('INPUT_INVALID', 'say what to search for', { details: [{ pointer: '/text', message: 'empty' }] });
  if (terms.length > limits.maxTerms) {
    throw new FlowdeskError('INPUT_INVALID', `at most ${limits.maxTerms} search terms`, { details: [{ pointer: '/text', message: 'too many terms' }] });
  }
  return { terms, grams: roundRobin(terms.map((term) => [...gramsOf(term)]), MAX_QUERY_GRAMS) };
}

/** Up to `count` distinct items, taken from each list in turn, so every term with grams gets some. */
function roundRobin(lists: string[][], count: number): string[] {
  const picked = new Set<string>();
  for (let i = 0; picked.size < count && lists.some((list) => i < list.length); i++) {
    for (const list of lists) {
      if (i < list.length && picked.size < count) picked.add(list[i]!);
    }
  }
  return [...picked];
}

/** A LIKE pattern for `term` anywhere, with `!` as the escape character (the same on both databases). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Every string inside a value, depth first: what of the fields is searchable. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}

/**
 * The normalized searchable text of a record: its number and every string in its fields (the
 * title is one of them), capped at `maxChars` characters.
 */
export function searchBodyOf(parts: { number: string; fields: Record<string, unknown> }, maxChars: number): string {
  const text = normalizeSearchText([parts.number, ...stringsOf(parts.fields)].join(' '));
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : chars.slice(0, maxChars).join('');
}
