/**
 * The one table of stable error codes. A code, once shipped, never changes meaning.
 * Each code maps to the HTTP status the API answers with and the exit code the CLI ends with:
 * 0 ok, 1 internal, 2 invalid input, 3 conflict.
 */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INVALID_INPUT = 2;
export const EXIT_CONFLICT = 3;

export interface ErrorCodeEntry {
  readonly httpStatus: number;
  readonly exitCode: number;
  /** One line for the people reading docs/error-codes.md. */
  readonly meaning: string;
}

const invalid = (meaning: string, httpStatus = 400): ErrorCodeEntry => ({
  httpStatus,
  exitCode: EXIT_INVALID_INPUT,
  meaning,
});
const conflict = (meaning: string): ErrorCodeEntry => ({ httpStatus: 409, exitCode: EXIT_CONFLICT, meaning });

export const ERROR_CODES = {
  INTERNAL: { httpStatus: 500, exitCode: EXIT_INTERNAL, meaning: 'An unexpected failure; the log has the details.' },
  INPUT_INVALID: invalid('A request body, query or command-line argument is not valid.'),
  NOT_FOUND: invalid('No such route or resource.', 404),
  CONFIG_INVALID: invalid('A setting (environment variable or option) has a value Flowdesk cannot use.'),
  STORAGE_URL_UNSUPPORTED: invalid('FLOWDESK_DATABASE_URL names a database Flowdesk does not support.'),

  BUNDLE_INVALID: invalid('A bundle has several kinds of problems; each detail carries its own code.'),
  BUNDLE_NOT_FOUND: invalid('No installed bundle (or version) has that name.', 404),
  BUNDLE_SOURCE_UNREADABLE: invalid('The bundle folder or archive cannot be read.'),
  BUNDLE_MANIFEST_MISSING: invalid('The bundle has no bundle.json at its root.'),
  BUNDLE_JSON_MALFORMED: invalid('A JSON file is not well-formed JSON.'),
  BUNDLE_KEY_FORBIDDEN: invalid('A JSON file uses a key that could pollute prototypes (__proto__, constructor, prototype).'),
  BUNDLE_NESTING_TOO_DEEP: invalid('A JSON or XML file nests deeper than the limit.'),
  BUNDLE_ENCODING_INVALID: invalid('A file is not valid UTF-8, or declares an encoding Flowdesk does not read.'),
  BUNDLE_SCHEMA_INVALID: invalid('A file does not match the JSON Schema of its kind.'),
  BUNDLE_FIELD_UNKNOWN: invalid('A file has a field its kind does not define.'),
  BUNDLE_ID_DUPLICATE: invalid('Two definitions of the same kind share an id.'),
  BUNDLE_REFERENCE_UNRESOLVED: invalid('A reference (form key, record type, calendar, plugin, i18n key, …) names nothing.'),
  BUNDLE_FILE_MISSING: invalid('The manifest lists a file the bundle does not contain.'),
  BUNDLE_FILE_UNLISTED: invalid('The bundle contains a file the manifest does not list or reference.'),
  BUNDLE_XML_MALFORMED: invalid('An XML file is not well-formed.'),
  BUNDLE_XML_DOCTYPE_FORBIDDEN: invalid('An XML file has a DOCTYPE; entities (external or expanding) are refused.'),
  BUNDLE_BPMN_INVALID: invalid('A BPMN file does not conform to BPMN 2.0 plus the Flowdesk extension.'),
  BUNDLE_BPMN_UNSUPPORTED: invalid('A BPMN element is valid BPMN but the Flowdesk engine cannot run it.'),
  BUNDLE_BPMN_NOT_EXECUTABLE: invalid('A process is marked isExecutable="false" (reported as a warning unless it is referenced).'),
  BUNDLE_ARCHIVE_MALFORMED: invalid('The archive is not a readable gzip-compressed tar.'),
  BUNDLE_PATH_UNSAFE: invalid('An archive entry or manifest path is absolute, climbs with "..", or is otherwise unsafe.'),
  BUNDLE_ENTRY_TYPE_FORBIDDEN: invalid('An archive entry is a symlink, hard link, device or other non-regular file.'),
  BUNDLE_ENTRY_DUPLICATE: invalid('An archive holds two entries with the same name.'),
  BUNDLE_TOO_MANY_ENTRIES: invalid('An archive or folder holds more files than the limit.'),
  BUNDLE_TOO_LARGE: invalid('The bundle is larger, decompressed, than the limit.', 413),
  BUNDLE_FILE_TOO_LARGE: invalid('A single file of the bundle is larger than the limit.', 413),
  BUNDLE_HASH_MISMATCH: invalid('A file does not match the SHA-256 the manifest records for it.'),
  BUNDLE_SIGNATURE_INVALID: invalid('The bundle signature does not verify.'),
  BUNDLE_SIGNATURE_UNTRUSTED: invalid('Trusted keys are configured and the bundle is unsigned or signed by another key.'),
  BUNDLE_DEPENDENCY_MISSING: invalid('A required bundle (or a version in the required range) is not installed.'),
  BUNDLE_DEPENDENCY_CYCLE: invalid('Bundles require each other in a cycle.'),
  BUNDLE_FLOWDESK_INCOMPATIBLE: invalid('The bundle requires a Flowdesk version range this Flowdesk is outside of.'),
  BUNDLE_VERSION_CONFLICT: conflict('That bundle version is installed with other content; installed versions are immutable.'),
  BUNDLE_REQUIRED_BY: conflict('The bundle cannot be uninstalled while another installed bundle requires it.'),
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
