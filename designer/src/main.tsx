/** The admins' designer: bundles and their drafts, and the draft editor (loaded when opened). */
import { Result } from 'antd';
import { lazy } from 'react';
import { Route } from 'react-router';
import { AppFrame, mountApp, useI18n } from '../../runtime/web/index.js';
import './designer.css';
import { BundlesPage } from './bundles/bundles-page.js';

const DraftPage = lazy(() => import('./draft/draft-page.js').then((m) => ({ default: m.DraftPage })));

function AdminsOnly() {
  const { t } = useI18n();
  return <Result status="403" title={t('app.designer')} subTitle="403" />;
}

mountApp((session) => (
  <AppFrame session={session} basename="/designer" title="app.designer" sections={[{ to: '/', label: 'nav.bundles', end: true }]} mainClassName="fd-main fd-main-wide">
    {session.user.isAdmin ? (
      <>
        <Route path="/" element={<BundlesPage />} />
        <Route path="/drafts/:id" element={<DraftPage />} />
        <Route path="*" element={<BundlesPage />} />
      </>
    ) : (
      <Route path="*" element={<AdminsOnly />} />
    )}
  </AppFrame>
));
