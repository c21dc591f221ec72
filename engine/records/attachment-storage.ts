/**
 * Where attachment bytes live. The default keeps files under the data directory, outside any
 * served folder, at `<dir>/ab/cd/<key>` where the key is a random UUID the store generated: no
 * part of a path ever comes from a client.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export interface StoredBlob {
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/** A blob store for attachments, addressed by keys the record store generates. */
export interface AttachmentStorage {
  /** Stores the whole stream under `key`; when the stream fails nothing is left behind. */
  put(key: string, content: Readable): Promise<StoredBlob>;
  /** @throws FlowdeskError INTERNAL when no blob has the key. */
  open(key: string): Promise<Readable>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A new storage key: a random UUID. */
export function newStorageKey(): string {
  return randomUUID();
}

/** Files under `dir` (e.g. `<dataDir>/attachments`), written to a temporary name and renamed when complete. */
export function createFileAttachmentStorage(dir: string): AttachmentStorage {
  function pathOf(key: string): { folder: string; file: string } {
    // The only path input is the key, and it must be exactly a UUID.
    if (!KEY.test(key)) throw new FlowdeskError('INTERNAL', 'attachment storage keys are generated UUIDs');
    const folder = join(dir, key.slice(0, 2), key.slice(2, 4));
    return { folder, file: join(folder, key) };
  }

  return {
    async put(key, content) {
      const { folder, file } = pathOf(key);
      await mkdir(folder, { recursive: true });
      const partial = `${file}.${randomUUID()}.part`;
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        // flush: the bytes reach the disk before the rename makes them visible (and before the row commits).
        await pipeline(content, measure, createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true }));
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      await rename(partial, file);
      return { size, sha256: hash.digest('hex') };
    },

    async open(key) {
      const { file } = pathOf(key);
      try {
        const handle = await open(file, 'r');
        return handle.createReadStream();
      } catch (error) {
        throw new FlowdeskError('INTERNAL', 'the attachment content is missing from storage', { cause: error });
      }
    },

    async delete(key) {
      await rm(pathOf(key).file, { force: true });
    },
  };
}
