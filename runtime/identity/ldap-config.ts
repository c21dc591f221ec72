/**
 * LDAP settings, read from the environment. Without FLOWDESK_LDAP_URL there is no directory and
 * only local accounts log in.
 */
import { readFileSync } from 'node:fs';
import { FlowdeskError } from '../../engine/index.js';
import { ROLE_ID_PATTERN } from './user-store.js';

export interface LdapConfig {
  /** ldap://host:port or ldaps://host:port. */
  url: string;
  /** The service account that searches the directory (never a user's own credentials). */
  bindDn: string;
  bindPassword: string;
  /** Where users are searched. */
  baseDn: string;
  /** The filter that finds one user, `{login}` standing for the escaped login. */
  userFilter: string;
  /** The attribute that holds the login (matched by the filter). */
  loginAttribute: string;
  /** Where groups are searched; null: no groups, so no teams and no roles from the directory. */
  groupBase: string | null;
  groupFilter: string;
  /** Group (its cn or its DN, in lower case) → the roles its members get. */
  groupRoles: ReadonlyMap<string, readonly string[]>;
  /** The organization (its code, or its id) that persons made from the directory belong to. */
  organization: string;
  timeoutMs: number;
  /** PEM of the CA that signed the directory's certificate, for ldaps://. */
  caCertificate?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_USER_FILTER = '(&(objectClass=inetOrgPerson)(uid={login}))';
export const DEFAULT_GROUP_FILTER = '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))';

/**
 * Reads FLOWDESK_LDAP_URL, FLOWDESK_LDAP_BIND_DN, FLOWDESK_LDAP_BIND_PASSWORD,
 * FLOWDESK_LDAP_BASE_DN, FLOWDESK_LDAP_USER_FILTER, FLOWDESK_LDAP_LOGIN_ATTRIBUTE,
 * FLOWDESK_LDAP_GROUP_BASE, FLOWDESK_LDAP_GROUP_FILTER, FLOWDESK_LDAP_GROUP_ROLES (a JSON object:
 * group cn or DN → role id or list of role ids), FLOWDESK_LDAP_ORGANIZATION,
 * FLOWDESK_LDAP_TIMEOUT_MS and FLOWDESK_LDAP_CA_FILE.
 * @returns null when FLOWDESK_LDAP_URL is not set.
 * @throws CONFIG_INVALID naming the variable.
 */
export function readLdapConfig(env: Env): LdapConfig | null {
  const url = env['FLOWDESK_LDAP_URL'];
  if (!url) return null;
  if (!/^ldaps?:\/\/[^/\s]+\/?$/i.test(url)) throw invalid('FLOWDESK_LDAP_URL', 'must be ldap://host[:port] or ldaps://host[:port]');
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw invalid(name, 'must be set when FLOWDESK_LDAP_URL is');
    return value;
  };
  const userFilter = env['FLOWDESK_LDAP_USER_FILTER'] || DEFAULT_USER_FILTER;
  if (!userFilter.includes('{login}') || !/^\(.*\)$/.test(userFilter)) throw invalid('FLOWDESK_LDAP_USER_FILTER', 'must be an LDAP filter in parentheses containing {login}');
  const timeoutMs = Number(env['FLOWDESK_LDAP_TIMEOUT_MS'] || 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) throw invalid('FLOWDESK_LDAP_TIMEOUT_MS', 'must be a whole number of milliseconds from 100 to 600000');
  const config: LdapConfig = {
    url,
    bindDn: required('FLOWDESK_LDAP_BIND_DN'),
    bindPassword: required('FLOWDESK_LDAP_BIND_PASSWORD'),
    baseDn: required('FLOWDESK_LDAP_BASE_DN'),
    userFilter,
    loginAttribute: env['FLOWDESK_LDAP_LOGIN_ATTRIBUTE'] || 'uid',
    groupBase: env['FLOWDESK_LDAP_GROUP_BASE'] || null,
    groupFilter: env['FLOWDESK_LDAP_GROUP_FILTER'] || DEFAULT_GROUP_FILTER,
    groupRoles: groupRoles(env['FLOWDESK_LDAP_GROUP_ROLES']),
    organization: required('FLOWDESK_LDAP_ORGANIZATION'),
    timeoutMs,
  };
  const caFile = env['FLOWDESK_LDAP_CA_FILE'];
  if (caFile) {
    try {
      config.caCertificate = readFileSync(caFile, 'utf8');
    } catch (error) {
      throw new FlowdeskError('CONFIG_INVALID', `FLOWDESK_LDAP_CA_FILE cannot be read: ${caFile}`, { cause: error });
    }
  }
  return config;
}

function groupRoles(raw: string | undefined): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  if (!raw) return roles;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new FlowdeskError('CONFIG_INVALID', 'FLOWDESK_LDAP_GROUP_ROLES is not valid JSON', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('FLOWDESK_LDAP_GROUP_ROLES', 'must be a JSON object of group → role id(s)');
  for (const [group, value] of Object.entries(parsed)) {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || !list.every((role) => typeof role === 'string' && role.length <= 100 && new RegExp(ROLE_ID_PATTERN).test(role))) {
      throw invalid('FLOWDESK_LDAP_GROUP_ROLES', `maps "${group}" to something that is not a role id or a list of role ids`);
    }
    roles.set(normalizeDn(group), list as string[]);
  }
  return roles;
}

function invalid(name: string, message: string): FlowdeskError {
  return new FlowdeskError('CONFIG_INVALID', `${name} ${message}`);
}

/** A DN (or a bare cn) in the form two spellings of the same name share: lower case, no spaces around `,` and `=`. */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .toLowerCase()
    .replace(/\s*([,=])\s*/g, '$1');
}
