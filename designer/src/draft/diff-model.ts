/** The draft diff the server sends (engine/bundle/bundle-diff.ts's BundleDiff), as the designer reads it. */
export interface IdChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface BundleDiff {
  from: { label: string; version: string };
  to: { label: string; version: string };
  files: IdChanges;
  definitions: Record<string, IdChanges>;
  processes: Record<string, IdChanges>;
  forms: Record<string, IdChanges>;
  records: Record<string, IdChanges>;
  suggestedBump: 'major' | 'minor' | 'patch' | 'none';
}

export const isEmpty = (changes: IdChanges) => changes.added.length + changes.removed.length + changes.changed.length === 0;
