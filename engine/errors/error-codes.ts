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
  PROCESS_NOT_FOUND: invalid('No executable process with that id in the installed bundle version.', 404),
  PROCESS_INSTANCE_NOT_FOUND: invalid('No process instance with that id.', 404),
  PROCESS_VERSION_CONFLICT: conflict('The process instance changed since it was read (stale version); read it again and retry.'),
  PROCESS_NOT_RUNNING: conflict('The process instance has ended or failed; it takes no more input.'),
  PROCESS_STEP_LIMIT: invalid('The process ran more steps than allowed without reaching a wait state (a loop with no wait state) and was stopped.', 422),
  PROCESS_FAILED: { httpStatus: 500, exitCode: EXIT_INTERNAL, meaning: 'The process ended with an error no boundary event caught; the instance is marked failed.' },
  MESSAGE_NOT_CORRELATED: invalid('No waiting instance and no message start event matches the message name and correlation key.', 404),
  TASK_NOT_FOUND: invalid('No task with that id.', 404),
  NOTIFY_CHANNEL_UNAVAILABLE: { httpStatus: 503, exitCode: EXIT_INTERNAL, meaning: 'A notification waits for a channel (e-mail, webhook) that is not configured or not reachable; its job retries.' },
  OUTBOUND_URL_INVALID: invalid('An outbound URL (webhook) is not http(s), or carries credentials.'),
  OUTBOUND_ADDRESS_REFUSED: invalid('An outbound URL resolves to a private, loopback, link-local or otherwise non-public address, and the installation does not allow those.', 422),
  OUTBOUND_FAILED: { httpStatus: 502, exitCode: EXIT_INTERNAL, meaning: 'An outbound call failed: no answer in time, a network error, a redirect (not followed) or a non-2xx status; its job retries.' },
  CALENDAR_INVALID: invalid('A business calendar names an unknown time zone, a malformed date or time, or working intervals out of order.', 422),
  CALENDAR_NO_WORKING_TIME: invalid('A business calendar has no working time within three years of the instant asked about.', 422),
  TASK_NOT_OPEN: conflict('The task is already completed or cancelled.'),
  TASK_ALREADY_CLAIMED: conflict('Another user has claimed the task.'),
  TASK_NOT_ALLOWED: invalid('The user is neither the assignee nor a candidate of the task.', 403),
  TASK_FORM_INVALID: invalid('The task form data does not match the form schema; details list every violation with its pointer.', 422),

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
  SCENARIO_FAILED: { httpStatus: 422, exitCode: EXIT_INTERNAL, meaning: "A bundle's scenario test did not pass: a step failed or an expectation did not hold (`flowdesk bundle test` shows the step and a diff, and exits 1)." },

  PLUGIN_TIMEOUT: invalid('A bundle script ran past its CPU limit or wall-clock deadline, or returned a promise that never settles.', 422),
  PLUGIN_MEMORY: invalid('A bundle script needed more memory than its limit.', 422),
  PLUGIN_THREW: invalid('A bundle script threw; the message is the thrown value as text.', 422),
  PLUGIN_OUTPUT_TOO_LARGE: invalid('A bundle script returned more JSON than the output limit allows.', 422),
  PLUGIN_INPUT_TOO_LARGE: invalid('The input for a bundle script is more JSON than the input limit allows.', 422),
  PLUGIN_OUTPUT_INVALID: invalid('A bundle script returned undefined or something that is not JSON (a function, a cycle, a BigInt).', 422),
  PLUGIN_COMPILE_FAILED: invalid('A bundle script does not compile, imports a module, or exports no run function.', 422),
  PLUGIN_FORBIDDEN: invalid('A bundle script reached for something only a host has (import(), require, process, timers, I/O).', 422),
  PLUGIN_CRASHED: { httpStatus: 500, exitCode: EXIT_INTERNAL, meaning: 'The sandbox worker process died during the call (it is replaced), or the plugin runner was closed.' },

  EXPRESSION_INVALID: invalid('An expression (${…}) is not valid in the Flowdesk expression language; the message gives the column.'),
  EXPRESSION_FORBIDDEN: invalid('An expression calls a function or names constructor, __proto__ or prototype.'),
  EXPRESSION_LIMIT: invalid('An expression is too long, nests too deeply or takes too many evaluation steps.'),
  BUNDLE_BPMN_HAZARD: invalid('A process could keep a worker busy forever: a loop with no wait state, a zero or too frequent repeating timer, an empty condition, a loop cardinality over the limit.'),

  JOB_NOT_FOUND: invalid('No job has that id (a job that finished is deleted).', 404),
  JOB_NOT_FAILED: conflict('Only a failed job can be retried; this one is pending or running.'),
  JOB_LEASE_LOST: conflict('The runner no longer holds the job (its lease expired and another runner claimed it, or it was cancelled); what it wrote together with the completion rolls back.'),
  JOB_LEASE_EXPIRED: { httpStatus: 500, exitCode: EXIT_INTERNAL, meaning: "A job's lease ran out before its run finished (the runner died or outran the lease); counted as a failed attempt." },
  JOB_TYPE_UNKNOWN: { httpStatus: 500, exitCode: EXIT_INTERNAL, meaning: "No handler is registered for the job's type; the job fails at once and can be retried once one is." },

  // The API: who is calling, what they may do, and what they sent.
  UNAUTHENTICATED: invalid('The request carries no valid session or API token; log in or send a token.', 401),
  FORBIDDEN: invalid('The caller is known but may not do this (no grant, or not an administrator).', 403),
  CSRF_INVALID: invalid('A state-changing request with a session cookie lacks the matching X-CSRF-Token header.', 403),
  LOGIN_FAILED: invalid('The login name or password is wrong (the answer never says which).', 401),
  ACCOUNT_LOCKED: invalid('Too many failed logins: the account is locked for a while.', 423),
  RATE_LIMITED: invalid('Too many requests from this client; wait and retry (see Retry-After).', 429),
  PAYLOAD_TOO_LARGE: invalid('The request body or upload is larger than allowed.', 413),
  NOT_READY: { httpStatus: 503, exitCode: EXIT_INTERNAL, meaning: 'The server cannot take work yet: its database is unreachable or migrations are pending (GET /readyz names the check).' },
  UNSUPPORTED_MEDIA_TYPE: invalid('The request body is not of a content type this endpoint takes (JSON unless it says otherwise).', 415),
  REFERENCE_OUT_OF_SCOPE: invalid('The request refers to something (an organization, person, team or record) outside what the caller may see or use.', 422),
  RECORD_TYPE_NOT_FOUND: invalid('No installed bundle defines a record type with that id.', 404),
  RECORD_NOT_FOUND: invalid('No record with that id or number that the caller may see.', 404),
  RECORD_VERSION_CONFLICT: conflict('The record changed since it was read (If-Match or version is stale); read it again and retry.'),
  PRECONDITION_REQUIRED: invalid('An update must say which version it changes (If-Match header or version field).', 428),
  ATTACHMENT_REFUSED: invalid('The upload is too large, empty, or its content is of a type that is not accepted.', 422),
  REFERENCE_NOT_FOUND: invalid('The request refers by id to something that does not exist (an organization, location, person, team, user or role).', 422),
  IDENTITY_DUPLICATE: conflict('Another entry already has that unique value (a login, an organization code).'),
  ORGANIZATION_CYCLE: invalid('An organization cannot be moved under itself or one of its own sub-organizations.', 422),
  LAST_ADMIN: conflict('The last active administrator cannot lose the admin role or be disabled.'),
  CURRENT_PASSWORD_INVALID: invalid('The current password given to change a password is wrong (it counts as a failed login).', 403),
  DIRECTORY_UNAVAILABLE: { httpStatus: 503, exitCode: EXIT_INTERNAL, meaning: 'The LDAP directory cannot be reached or refused the service account; try again later.' },

  // The service catalog.
  CATALOG_ENTRY_NOT_FOUND: invalid("No catalog entry with that id is offered to the caller's organization and roles (whether it exists elsewhere is not said).", 404),

  // Satisfaction surveys and quality reports.
  DRAFT_NOT_FOUND: invalid('No bundle draft with this id.', 404),
  DRAFT_VERSION_CONFLICT: conflict('The draft was saved by someone else since you loaded it; load it again and redo your change.'),
  FORM_NOT_FOUND: invalid('No installed bundle version has a form with this id.', 404),
  SURVEY_NOT_FOUND: invalid('The record has asked no satisfaction survey (one opens when it reaches a state its survey opens in).', 404),
  SURVEY_NOT_RESPONDENT: invalid("The record's survey asks its requester; nobody else answers it.", 403),
  SURVEY_CLOSED: conflict('The survey was already answered, rated automatically, or replaced by a newer one.'),
  QUALITY_RULE_NOT_FOUND: invalid('No installed bundle defines a quality rule with that id.', 404),
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
