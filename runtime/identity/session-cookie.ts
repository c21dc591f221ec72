/**
 * The session cookie: the secret only, HttpOnly (scripts never see it), SameSite=Lax (other
 * sites' forms do not carry it), Path=/, Secure when the server is reached over HTTPS.
 */
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'flowdesk_session';

/** The session secret the request carries, if any (the first cookie of that name). */
export function readSessionCookie(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    // Our secrets are base64url; anything else is not one of ours.
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  }
  return null;
}

export function setSessionCookie(res: Response, secret: string, options: { secure: boolean; maxAgeMs: number }): void {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/', maxAge: options.maxAgeMs });
}

export function clearSessionCookie(res: Response, options: { secure: boolean }): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' });
}
