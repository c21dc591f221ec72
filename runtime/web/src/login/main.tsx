/**
 * The login page (local accounts and LDAP alike: the server decides). After logging in the
 * browser goes back where it came from — only to a path on this site.
 */
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, api } from '../shared/api.js';
import { Themed } from '../shared/app-root.js';
import { LOCALES, localeOf, useI18n, type Locale } from '../shared/i18n/index.js';
import '../shared/base.css';

const FAILURES: Record<string, 'login.failed' | 'login.locked' | 'login.directory' | 'login.rateLimited'> = {
  LOGIN_FAILED: 'login.failed',
  ACCOUNT_LOCKED: 'login.locked',
  DIRECTORY_UNAVAILABLE: 'login.directory',
  RATE_LIMITED: 'login.rateLimited',
};

/** Where to go after logging in: a same-site path from ?next=, else the portal. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function LoginPage({ onLocale }: { onLocale: (locale: Locale) => void }) {
  const { t, locale } = useI18n();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function logIn(values: { login: string; password: string }) {
    setBusy(true);
    setFailure(null);
    try {
      await api('/auth/login', { method: 'POST', body: values });
      window.location.assign(nextPath(window.location.search));
    } catch (error) {
      const key = error instanceof ApiError ? FAILURES[error.code] : undefined;
      setFailure(key ? t(key) : t('common.error', { message: (error as Error).message }));
      setBusy(false);
    }
  }

  return (
    <main className="fd-login">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 24 }}>{t('login.title')}</Typography.Title>
        {failure && <Alert type="error" title={failure} showIcon role="alert" style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={logIn} requiredMark={false}>
          <Form.Item label={t('login.login')} name="login" rules={[{ required: true, message: t('login.login') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
        <Select
          aria-label={t('nav.language')}
          value={locale}
          onChange={onLocale}
          options={LOCALES.map((l) => ({ value: l, label: l === 'zh-CN' ? '简体中文' : 'English' }))}
          style={{ marginTop: 16, width: 140 }}
        />
      </Card>
    </main>
  );
}

function Login() {
  const [locale, setLocale] = useState<Locale>(localeOf(new URLSearchParams(window.location.search).get('lang') ?? navigator.language));
  return (
    <Themed locale={locale}>
      <LoginPage onLocale={setLocale} />
    </Themed>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Login />
  </StrictMode>,
);
