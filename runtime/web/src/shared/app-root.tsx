/**
 * What every page of the apps stands in: antd themed and localized, its injected styles carrying
 * the page's CSP nonce (the server puts it in <meta name="csp-nonce">), the session, and the
 * language. Errors while rendering show a message instead of a blank page.
 */
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Component, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider, localeOf, translator } from './i18n/index.js';
import { SessionProvider, type Session } from './session.js';

export function cspNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
}

/**
 * Gives the page's nonce to every <style> element scripts create. antd passes it to the styles it
 * injects, but some rc-component helpers (scroll-bar measuring, scroll locking) create theirs
 * without: the CSP would block them. Markup injected into the page gets no nonce this way.
 */
function nonceNewStyles(nonce: string): void {
  if (!nonce) return;
  const create = document.createElement.bind(document) as (tag: string, options?: ElementCreationOptions) => HTMLElement;
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const element = create(tag, options);
    if (tag.toLowerCase() === 'style') element.nonce = nonce;
    return element;
  }) as typeof document.createElement;
}
nonceNewStyles(cspNonce());

const THEME = { token: { colorPrimary: '#1f6feb', borderRadius: 6 } };

export function Themed({ locale, children }: { locale: 'zh-CN' | 'en'; children: ReactNode }) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
  return (
    <ConfigProvider csp={{ nonce: cspNonce() }} locale={locale === 'zh-CN' ? zhCNLocale : enUS} theme={THEME}>
      <AntApp>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </AntApp>
    </ConfigProvider>
  );
}

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    const t = translator(localeOf(navigator.language));
    return <Result status="error" title={t('common.error', { message: this.state.error.message })} />;
  }
}

/** Mounts an app that needs a logged-in user. */
export function mountApp(render: (session: Session) => ReactNode): void {
  const fallbackLocale = localeOf(navigator.language);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ErrorBoundary>
        <SessionProvider
          fallback={
            <Themed locale={fallbackLocale}>
              <div className="fd-loading"><Spin aria-label={translator(fallbackLocale)('common.loading')} /></div>
            </Themed>
          }
        >
          {(session) => <Themed locale={session.locale}>{render(session)}</Themed>}
        </SessionProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
