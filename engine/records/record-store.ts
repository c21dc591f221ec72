import { createAttachmentStore } from './record-attachments.js';
import { createRecordCommands } from './record-commands.js';
import { createCommentStore } from './record-comments.js';
import { recordContext, type RecordStoreDeps } from './record-context.js';
import { createRecordQueries } from './record-queries.js';
import { createRecordReindexer } from './record-reindex.js';
import { createWatcherStore } from './record-watchers.js';

/**
 * The generic record store: create and update (versioned, validated, audited), reads under a
 * scope, search, history, comments, attachments and watchers. Every read applies the caller's
 * scope in the SQL of its one statement; every write finds its record under the scope inside
 * its transaction. A record outside the scope is RECORD_NOT_FOUND, never FORBIDDEN. `observe`
 * registers work that commits with every create and update (see record-observers.ts).
 */
export function createRecordStore(deps: RecordStoreDeps) {
  const context = recordContext(deps);
  return {
    ...createRecordCommands(context),
    ...createRecordQueries(context),
    ...createCommentStore(context),
    ...createAttachmentStore(context),
    ...createWatcherStore(context),
    ...createRecordReindexer(context),
    observe: context.observers.observe,
  };
}

export type RecordStore = ReturnType<typeof createRecordStore>;
