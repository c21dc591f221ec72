/**
 * Who is making a request, as every scoped query needs it: resolved once per request by the
 * authentication middleware (from a session cookie or an API token) and never taken from the
 * request body or query.
 */
export interface Caller {
  userId: string;
  login: string;
  /** The person the account logs in as; null for a technical account. */
  personId: string | null;
  /** The person's organization; null for a technical account. */
  organizationId: string | null;
  /** The person's organization plus the ones the account may work for (iTop's allowed organizations). */
  organizationIds: readonly string[];
  /** Teams the person belongs to. */
  teamIds: readonly string[];
  /** Bundle role ids, plus `admin` for administrators. */
  roles: readonly string[];
  isAdmin: boolean;
  /** How the request authenticated; an API token may be limited to scopes. */
  via: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string; scopes: readonly string[] };
  language: string;
  timeZone: string;
}

/** The built-in administrator role: every grant, and the admin endpoints. */
export const ADMIN_ROLE = 'admin';
