/** The agents' workspace: inbox, record lists, the record page. */
import { lazy } from 'react';
import { Route } from 'react-router';
import { AppFrame } from '../shared/app-frame.js';
import { mountApp } from '../shared/app-root.js';
import '../shared/base.css';
import { InboxPage } from './inbox-page.js';
import { Shortcuts } from './shortcuts.js';

// The record page (forms, editors) and list views load when first opened.
const RecordListPage = lazy(() => import('./record-list-page.js').then((m) => ({ default: m.RecordListPage })));
const RecordPage = lazy(() => import('./record-page.js').then((m) => ({ default: m.RecordPage })));

mountApp((session) => (
  <AppFrame
    session={session}
    basename="/workspace"
    title="app.workspace"
    sections={[
      { to: '/', label: 'nav.inbox', end: true },
      { to: '/records', label: 'nav.records' },
    ]}
    extra={<Shortcuts />}
    mainClassName="fd-main fd-main-wide"
  >
    <Route path="/" element={<InboxPage />} />
    <Route path="/records" element={<RecordListPage />} />
    <Route path="/records/:type" element={<RecordListPage />} />
    <Route path="/records/:type/:key" element={<RecordPage />} />
    <Route path="*" element={<InboxPage />} />
  </AppFrame>
));
