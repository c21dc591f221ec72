/** A file's changes as lines: each kept, added or removed, for the changes view. Browser-free. */
import { diffLines } from 'diff';

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Every line of both texts in order, unchanged runs longer than `context` * 2 folded to their ends. */
export function lineDiff(before: string, after: string, context = 3): Array<DiffLine | { kind: 'folded'; count: number }> {
  const lines: DiffLine[] = diffLines(before, after).flatMap((change) => {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return change.value.replace(/\n$/, '').split('\n').map((text) => ({ kind, text }));
  });
  const out: Array<DiffLine | { kind: 'folded'; count: number }> = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.kind !== 'same') {
      out.push(lines[i++]!);
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]!.kind === 'same') end++;
    const run = lines.slice(i, end);
    const keepStart = i === 0 ? 0 : context;
    const keepEnd = end === lines.length ? 0 : context;
    if (run.length > keepStart + keepEnd + 1) {
      out.push(...run.slice(0, keepStart), { kind: 'folded', count: run.length - keepStart - keepEnd }, ...run.slice(run.length - keepEnd));
    } else {
      out.push(...run);
    }
    i = end;
  }
  return out;
}
