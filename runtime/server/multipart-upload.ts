/**
 * Reading one uploaded file from a `multipart/form-data` request as a stream, without buffering
 * it: the form fields that come before the file, then the file's bytes. The file's stream ends
 * only once the whole request has been parsed and found well-formed — one file, in the part
 * named `file`, no field after it, nothing past the limits — and fails otherwise, so whatever
 * consumes it (the record store) writes nothing for a request that is refused. When the consumer
 * stops early (a refusal), the rest of the file is read and thrown away, so the answer reaches a
 * client that is still sending.
 */
import { PassThrough } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { FlowdeskError } from '../../engine/index.js';

/** What a multipart envelope around a file may add to its size (boundaries, part headers, a few small fields). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface IncomingFile {
  /** The text fields sent before the file. */
  fields: Readonly<Record<string, string>>;
  /** The client's file name and type: display and audit only. */
  fileName: string;
  declaredType: string;
  /** The file's bytes; fails (and must be treated as refused) if the request turns out bad. */
  content: PassThrough;
  /** Settles once the request has been read to its end (or abandoned past the size limit). */
  finished: Promise<void>;
  /** Whether the request was abandoned unread: answer with `Connection: close`. */
  isAbandoned(): boolean;
}

const invalid = (message: string) => new FlowdeskError('INPUT_INVALID', message, { details: [{ pointer: '/body', message }] });

/**
 * Starts reading the request; resolves when the file part begins.
 * @throws INPUT_INVALID (not multipart, no file, a second file, a field after the file, too many
 *   or too long fields), PAYLOAD_TOO_LARGE (the request past `maxFileBytes` plus the envelope)
 */
export function receiveFile(req: Request, options: { maxFileBytes: number; fieldNames: readonly string[] }): Promise<IncomingFile> {
  const maxRequestBytes = options.maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // One byte past the limit: the consumer sees a file that is too large and refuses it.
        // busboy signals a limit when a count *reaches* it: one more part than the fields and the file is the first too many.
        limits: { files: 1, fields: options.fieldNames.length, parts: options.fieldNames.length + 2, fieldNameSize: 100, fieldSize: 200, fileSize: options.maxFileBytes + 1, headerPairs: 20 },
      });
    } catch {
      reject(invalid('the body is not multipart/form-data with a boundary'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: PassThrough | null = null;
    let problem: FlowdeskError | null = null;
    let isAbandoned = false;
    let finish!: () => void;
    const finished = new Promise<void>((done) => (finish = done));

    const fail = (error: FlowdeskError) => {
      problem ??= error;
      if (file) file.destroy(problem);
      else reject(problem);
    };

    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxRequestBytes || isAbandoned) return;
      isAbandoned = true;
      req.unpipe(parser);
      req.pause();
      fail(new FlowdeskError('PAYLOAD_TOO_LARGE', `an upload holds at most ${options.maxFileBytes} bytes`));
      finish();
    });

    // A client that goes away mid-upload: whatever was stored of it is removed by the consumer's failure.
    req.on('close', () => {
      if (req.complete || isAbandoned) return;
      fail(invalid('the upload ended before it was complete'));
      finish();
    });

    parser.on('field', (name, value, info) => {
      if (file) return fail(invalid('send the form fields before the file'));
      if (!options.fieldNames.includes(name) || Object.hasOwn(fields, name)) return fail(invalid(`a form field is not one of ${options.fieldNames.join(', ')}, or comes twice`));
      if (info.valueTruncated || info.nameTruncated) return fail(invalid(`the form field ${name} is too long`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (file || name !== 'file') {
        stream.resume();
        return fail(invalid('send exactly one file, in the part named "file"'));
      }
      const content = new PassThrough();
      // A failure is seen by whoever reads the content (the iterator reports `errored`), or by nobody yet.
      content.on('error', () => undefined);
      file = content;
      stream.pipe(content, { end: false });
      // When the consumer stops reading (or the content ends), the rest of the part is drained.
      content.on('close', () => {
        stream.unpipe(content);
        stream.resume();
      });
      resolve({ fields, fileName: info.filename ?? '', declaredType: info.mimeType ?? '', content, finished, isAbandoned: () => isAbandoned });
    });
    parser.on('filesLimit', () => fail(invalid('send exactly one file, in the part named "file"')));
    parser.on('fieldsLimit', () => fail(invalid('too many form fields')));
    parser.on('partsLimit', () => fail(invalid('too many parts')));
    parser.on('error', () => {
      fail(invalid('the multipart body is malformed'));
      finish();
    });
    parser.on('close', () => {
      if (!file) reject(problem ?? invalid('send a file, in the part named "file"'));
      else if (problem) file.destroy(problem);
      else if (!file.destroyed) file.end();
      finish();
    });
    req.pipe(parser);
  });
}
