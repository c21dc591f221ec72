/** The bar on top of every app page: brand, the app's sections, language, log out; a skip link first. */
import { LogoutOutlined } from '@ant-design/icons';
import { Button, Select } from 'antd';
import { Link, NavLink } from 'react-router';
import { LOCALES, useI18n, type MessageKey } from './i18n/index.js';
import { useSession } from './session.js';

export function AppHeader({ home, title, sections }: { home: string; title: MessageKey; sections: Array<{ to: string; label: MessageKey; end?: boolean }> }) {
  const { t, locale } = useI18n();
  const session = useSession();
  return (
    <>
      <a className="fd-skip" href="#main">{t('nav.skip')}</a>
      <header className="fd-header">
        <Link className="fd-brand" to={home}>{t('app.title')} · {t(title)}</Link>
        <nav className="fd-nav" aria-label={t(title)}>
          {sections.map((s) => (
            <NavLink key={s.to} to={s.to} end={s.end ?? false}>{t(s.label)}</NavLink>
          ))}
        </nav>
        <div className="fd-tools">
          <Select
            aria-label={t('nav.language')}
            size="small"
            value={locale}
            onChange={(value) => void session.setLocale(value)}
            options={LOCALES.map((l) => ({ value: l, label: l === 'zh-CN' ? '简体中文' : 'English' }))}
            style={{ width: 110 }}
          />
          <Button size="small" icon={<LogoutOutlined aria-hidden />} onClick={() => void session.logOut()}>
            <span className="fd-hide-narrow">{t('nav.logout')}</span>
          </Button>
        </div>
      </header>
    </>
  );
}
