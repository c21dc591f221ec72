/** The limits of the record store; every one can be lowered or raised per installation. */
export interface RecordLimits {
  /** JSON size of one record's fields. */
  maxFieldsBytes: number;
  defaultPageSize: number;
  maxPageSize: number;
  /** Characters of one comment's body. */
  maxCommentChars: number;
  /** Bytes of one attachment, enforced while the upload streams. */
  maxAttachmentBytes: number;
  /** Media types (as sniffed from the content) an attachment may have; `text/plain` is text without a signature. */
  allowedMediaTypes: readonly string[];
  /** File name extensions refused whatever the content: things a desktop would run or a browser render. */
  blockedExtensions: readonly string[];
  /** Characters and terms of one search. */
  maxSearchChars: number;
  maxSearchTerms: number;
  /** Characters of a record's normalized text that search covers. */
  maxSearchableChars: number;
  /**
   * A search starts from the records holding its rarest gram when at most this many do; with
   * more, the words are common enough that walking the records newest first finds a page sooner.
   */
  maxSearchCandidates: number;
}

export const DEFAULT_ALLOWED_MEDIA_TYPES: readonly string[] = [
  'text/plain',
  'text/calendar',
  'text/vcard',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/tiff',
  'image/heic',
  'image/heif',
  'image/avif',
  'application/pdf',
  'application/rtf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  /** Legacy .doc/.xls/.ppt (OLE compound files). */
  'application/x-cfb',
  'application/vnd.ms-outlook',
  'application/zip',
  'application/gzip',
  'application/x-7z-compressed',
  'application/x-tar',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'audio/mpeg',
  'audio/wav',
];

export const DEFAULT_BLOCKED_EXTENSIONS: readonly string[] = [
  'exe', 'dll', 'com', 'scr', 'msi', 'msp', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'hta',
  'cpl', 'jar', 'lnk', 'reg', 'sh', 'app', 'apk', 'html', 'htm', 'xhtml', 'shtml', 'svg', 'svgz', 'xml', 'mht', 'mhtml',
];

export const DEFAULT_RECORD_LIMITS: RecordLimits = {
  maxFieldsBytes: 256 * 1024,
  defaultPageSize: 50,
  maxPageSize: 200,
  maxCommentChars: 20_000,
  maxAttachmentBytes: 25 * 1024 * 1024,
  allowedMediaTypes: DEFAULT_ALLOWED_MEDIA_TYPES,
  blockedExtensions: DEFAULT_BLOCKED_EXTENSIONS,
  maxSearchChars: 200,
  maxSearchTerms: 8,
  maxSearchableChars: 20_000,
  maxSearchCandidates: 2000,
};
