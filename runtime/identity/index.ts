/**
 * Identity and authentication: who the people and accounts are (organizations, locations,
 * persons, teams, users and roles), how they prove it (local argon2id passwords, LDAP binds,
 * database sessions with a CSRF token, hashed API tokens) and the lock after repeated failures.
 */
export { ApiTokenView, TOKEN_PREFIX, TOKEN_SCOPES, createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from './api-tokens.js';
export { CSRF_HEADER, createAuthenticate, csrfTokenOf, type AuthenticateDeps } from './authenticate.js';
export { resolveCaller } from './caller-resolver.js';
export { DEFAULT_CREDENTIAL_CACHE, createCredentialCache, type CredentialCache, type ResolvedCredential } from './credential-cache.js';
export { FIRST_ADMIN_LOGIN, ensureFirstAdmin, type FirstAdminDeps, type FirstAdminOutcome } from './first-admin.js';
export { createIdentityStore, type IdentityStore } from './identity-store.js';
export { LocationView, OrganizationView, PersonView, TeamView, UserView } from './identity-views.js';
export { readLdapConfig, type LdapConfig } from './ldap-config.js';
export { createLdapDirectory, type DirectoryGroup, type DirectoryUser, type LdapDirectory } from './ldap-directory.js';
export { DIRECTORY_ACTOR, createDirectorySync, type DirectorySync, type SyncReport } from './ldap-sync.js';
export { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from './lockout.js';
export { createLoginService, type LoginDeps, type LoginService } from './login.js';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
export { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from './session-cookie.js';
export { DEFAULT_SESSION_POLICY, purgeExpiredSessions, type SessionPolicy } from './sessions.js';
export { DEFAULT_USER_DEFAULTS, ROLE_ID_PATTERN, type UserDefaults, type UserStoreDeps } from './user-store.js';
