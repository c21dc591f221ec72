/**
 * Talking to the LDAP directory with ldapts: find a user with the service account, check a
 * password by binding as the user's own DN, and list users and groups for the sync. Every
 * operation opens its own connection and closes it. The directory being down or refusing the
 * service account is DIRECTORY_UNAVAILABLE, never a wrong password.
 */
import { Client, type Entry } from 'ldapts';
import { FlowdeskError } from '../../engine/index.js';
import { normalizeDn, type LdapConfig } from './ldap-config.js';

export interface DirectoryUser {
  dn: string;
  /** The login attribute's value, in lower case. */
  login: string;
  name: string;
  email: string | null;
  phone: string | null;
}

export interface DirectoryGroup {
  dn: string;
  cn: string;
  /** Members named by DN (member, uniqueMember), normalized. */
  memberDns: ReadonlySet<string>;
  /** Members named by login (posixGroup's memberUid), in lower case. */
  memberLogins: ReadonlySet<string>;
}

export interface LdapDirectory {
  /** The user when the login names exactly one entry and the password binds as it; otherwise null. */
  authenticate(login: string, password: string): Promise<DirectoryUser | null>;
  listUsers(): Promise<DirectoryUser[]>;
  listGroups(): Promise<DirectoryGroup[]>;
}

const INVALID_CREDENTIALS = 49;
const SIZE_LIMIT_EXCEEDED = 4;
const PAGE_SIZE = 500;

/** RFC 4515: a value put into a filter cannot change the filter's structure. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function first(entry: Entry, attribute: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined) return null;
  const text = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  return text === '' ? null : text;
}

function all(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

export function createLdapDirectory(config: LdapConfig): LdapDirectory {
  const userAttributes = [config.loginAttribute, 'cn', 'displayName', 'mail', 'telephoneNumber'];

  function newClient(): Client {
    return new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      ...(config.caCertificate ? { tlsOptions: { ca: [config.caCertificate] } } : {}),
    });
  }

  function unavailable(error: unknown): FlowdeskError {
    return new FlowdeskError('DIRECTORY_UNAVAILABLE', 'the LDAP directory cannot be reached or refused the service account', { cause: error });
  }

  async function asService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = newClient();
    try {
      await client.bind(config.bindDn, config.bindPassword);
      return await work(client);
    } catch (error) {
      if (error instanceof FlowdeskError || codeOf(error) === SIZE_LIMIT_EXCEEDED) throw error;
      throw unavailable(error);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  function userOf(entry: Entry): DirectoryUser | null {
    const login = first(entry, config.loginAttribute);
    if (!login) return null;
    return {
      dn: entry.dn,
      login: login.toLowerCase(),
      name: first(entry, 'displayName') ?? first(entry, 'cn') ?? login,
      email: first(entry, 'mail'),
      phone: first(entry, 'telephoneNumber'),
    };
  }

  async function findUser(login: string): Promise<DirectoryUser | null> {
    const filter = config.userFilter.replaceAll('{login}', escapeFilterValue(login));
    try {
      const { searchEntries } = await asService((client) => client.search(config.baseDn, { scope: 'sub', filter, sizeLimit: 2, attributes: userAttributes }));
      const user = searchEntries.length === 1 ? userOf(searchEntries[0]!) : null;
      return user && user.login === login.toLowerCase() ? user : null;
    } catch (error) {
      // Two entries for one login: which one is meant is unknowable, so neither logs in.
      if (codeOf(error) === SIZE_LIMIT_EXCEEDED) return null;
      throw error;
    }
  }

  return {
    async authenticate(login, password) {
      // An empty password makes a simple bind "unauthenticated", which servers accept: never try it.
      if (password === '') return null;
      const user = await findUser(login);
      if (!user) return null;
      const client = newClient();
      try {
        await client.bind(user.dn, password);
        return user;
      } catch (error) {
        if (codeOf(error) === INVALID_CREDENTIALS) return null;
        throw unavailable(error);
      } finally {
        await client.unbind().catch(() => undefined);
      }
    },

    async listUsers() {
      const filter = config.userFilter.replaceAll('{login}', '*');
      const { searchEntries } = await asService((client) => client.search(config.baseDn, { scope: 'sub', filter, attributes: userAttributes, paged: { pageSize: PAGE_SIZE } }));
      return searchEntries.map(userOf).filter((user): user is DirectoryUser => user !== null);
    },

    async listGroups() {
      if (config.groupBase === null) return [];
      const base = config.groupBase;
      const { searchEntries } = await asService((client) => client.search(base, { scope: 'sub', filter: config.groupFilter, attributes: ['cn', 'member', 'uniqueMember', 'memberUid'], paged: { pageSize: PAGE_SIZE } }));
      return searchEntries
        .filter((entry) => first(entry, 'cn') !== null)
        .map((entry) => ({
          dn: entry.dn,
          cn: first(entry, 'cn')!,
          memberDns: new Set([...all(entry, 'member'), ...all(entry, 'uniqueMember')].map(normalizeDn)),
          memberLogins: new Set(all(entry, 'memberUid').map((uid) => uid.toLowerCase())),
        }));
    },
  };
}
