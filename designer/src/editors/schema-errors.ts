/**
 * The bundle schema's verdict, placed on the form: ajv errors become messages at the field they
 * are about (a missing property at that property, not at its parent), folded as the engine folds
 * them (engine/bundle/schema-validator.ts: the branch errors of a failed anyOf are one error), and
 * then a formik error tree. A message that has no control to sit on — an unknown field, or a place
 * that already holds its children's messages — is kept apart, for the file's list of messages.
 */
import { pointerTokens, pointerToPath } from './field-paths.js';

/** What the compiled validator reports: ajv's ErrorObject, as far as it is read here. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A message at a place in the file (a JSON pointer; `''` is the whole file). */
export interface PlacedMessage {
  pointer: string;
  message: string;
}

/** Turns one error into words in the user's language. */
export type DescribeError = (error: SchemaError) => string;

/** A formik error tree: messages at the leaves, shaped like the values (arrays for lists). */
export type ErrorTree = { [key: string]: ErrorNode } | ErrorNode[];
type ErrorNode = string | ErrorTree | undefined;

export interface FormErrors {
  tree: ErrorTree;
  /** Messages no control shows, with where they are. */
  unplaced: PlacedMessage[];
}

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The errors that stand for themselves: branch errors under a failed anyOf/oneOf are folded into it. */
export function foldUnionBranches(errors: readonly SchemaError[]): SchemaError[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath);
  const isBranchError = (e: SchemaError) => unions.some((path) => e.schemaPath !== path && e.schemaPath.startsWith(`${path}/`));
  return errors.filter((e) => !isBranchError(e));
}

/** Where an error is about: a missing or unknown property is about that property. */
export function pointerOf(error: SchemaError): string {
  const property = error.keyword === 'required' ? error.params['missingProperty'] : error.keyword === 'additionalProperties' ? error.params['additionalProperty'] : undefined;
  return typeof property === 'string' ? `${error.instancePath}/${escapeToken(property)}` : error.instancePath;
}

/** Puts a message at the path; false when the place is taken by a subtree, or on the way by a message. */
function placeAt(tree: ErrorTree, tokens: readonly string[], message: string): boolean {
  let node: ErrorTree = tree;
  for (const [index, token] of tokens.entries()) {
    const container = node as Record<string, ErrorNode>;
    const current = container[token];
    if (index === tokens.length - 1) {
      if (current !== undefined && typeof current !== 'string') return false;
      container[token] = current === undefined ? message : `${current}; ${message}`;
      return true;
    }
    if (typeof current === 'string') return false;
    if (current === undefined) container[token] = /^\d+$/.test(tokens[index + 1]!) ? [] : {};
    node = container[token] as ErrorTree;
  }
  return false;
}

/** Schema errors as formik errors and the messages no field shows. */
export function toFormErrors(errors: readonly SchemaError[], describe: DescribeError): FormErrors {
  const placed = foldUnionBranches(errors).map((error, order) => ({ error, order, pointer: pointerOf(error), message: describe(error) }));
  const depth = (pointer: string) => pointerTokens(pointer).length;
  const tree: ErrorTree = {};
  const unplaced: Array<PlacedMessage & { order: number }> = [];
  // Deeper places first, so a parent's message never takes the place its children's need.
  for (const { error, order, pointer, message } of [...placed].sort((a, b) => depth(b.pointer) - depth(a.pointer))) {
    const tokens = pointerTokens(pointer);
    const hasControl = error.keyword !== 'additionalProperties' && tokens.length > 0;
    if (!hasControl || !placeAt(tree, tokens, message)) unplaced.push({ order, pointer, message });
  }
  return { tree, unplaced: unplaced.sort((a, b) => a.order - b.order).map(({ pointer, message }) => ({ pointer, message })) };
}

/** The server check's messages by formik path (`''` for the whole file), for the fields to show. */
export function messagesByPath(problems: ReadonlyArray<{ pointer?: string; message: string }>): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const problem of problems) {
    const path = pointerToPath(problem.pointer ?? '');
    byPath.set(path, [...(byPath.get(path) ?? []), problem.message]);
  }
  return byPath;
}
