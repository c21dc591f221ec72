/**
 * Who is logged in (GET /auth/session), for every page of the apps: not logged in sends the browser to
 * the login page and back; the user's language and time zone drive texts and dates.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken, whenSessionEnds } from './api.js';
import { localeOf, type Locale } from './i18n/index.js';

export interface SessionUser {
  userId: string;
  login: string;
  personId: string | null;
  organizationId: string | null;
  organizationIds: string[];
  teamIds: string[];
  roles: string[];
  isAdmin: boolean;
  language: string;
  timeZone: string;
}

interface SessionAnswer {
  user: SessionUser | null;
  csrfToken: string | null;
}

export interface Session {
  user: SessionUser;
  locale: Locale;
  /** Keeps the choice with the account, then shows the apps in it. */
  setLocale(locale: Locale): Promise<void>;
  logOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

export function loginUrl(): string {
  const next = `${window.location.pathname}${window.location.search}`;
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Loads the session; renders `fallback` meanwhile, and sends a logged-out browser to /login. */
export function SessionProvider({ children, fallback }: { children: (session: Session) => ReactNode; fallback: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    whenSessionEnds(() => window.location.assign(loginUrl()));
    api<SessionAnswer>('/auth/session').then(
      (answer) => {
        if (!answer.user) return window.location.assign(loginUrl());
        setCsrfToken(answer.csrfToken);
        setUser(answer.user);
      },
      (error: unknown) => setFailure(error as Error),
    );
  }, []);

  const setLocale = useCallback(async (locale: Locale) => {
    await api('/auth/me', { method: 'PATCH', body: { language: locale } });
    setUser((current) => (current ? { ...current, language: locale } : current));
  }, []);

  const logOut = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' });
    window.location.assign('/login');
  }, []);

  if (failure) throw failure;
  if (!user) return <>{fallback}</>;
  const session: Session = { user, locale: localeOf(user.language), setLocale, logOut };
  return <SessionContext.Provider value={session}>{children(session)}</SessionContext.Provider>;
}
