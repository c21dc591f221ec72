/**
 * Which problems of the last check are about one field of a form: those whose JSON pointer goes
 * through the field's schema (at the root or in a rule) or its uiSchema.
 */
import type { DraftProblem } from '../draft/draft-model.js';

const token = (id: string) => id.replace(/~/g, '~0').replace(/\//g, '~1');

export function problemsOfField(problems: readonly DraftProblem[], id: string): DraftProblem[] {
  const inSchema = new RegExp(`^/schema(/allOf/\\d+/then)?/properties/${escapeRegExp(token(id))}(/|$)`);
  const inUi = `/uiSchema/${token(id)}`;
  return problems.filter(({ pointer }) => pointer !== undefined && (inSchema.test(pointer) || pointer === inUi || pointer.startsWith(`${inUi}/`)));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
