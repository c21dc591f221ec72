/** The agents' workspace: inbox, record lists, the record page. */
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppHeader } from '../shared/app-header.js';
import { mountApp } from '../shared/app-root.js';
import { BundleTextsProvider } from '../shared/bundle-texts.js';
import { RecordTypesProvider } from '../shared/records.js';
import '../shared/base.css';
import { InboxPage } from './inbox-page.js';
import { Shortcuts } from './shortcuts.js';

// The record page (forms, editors) and list views load when first opened.
const RecordListPage = lazy(() => import('./record-list-page.js').then((m) => ({ default: m.RecordListPage })));
const RecordPage = lazy(() => import('./record-page.js').then((m) => ({ default: m.RecordPage })));

mountApp((session) => (
  <BundleTextsProvider locale={session.locale}>
    <RecordTypesProvider>
      <BrowserRouter basename="/workspace">
        <Shortcuts />
        <AppHeader
          home="/"
          title="app.workspace"
          sections={[
            { to: '/', label: 'nav.inbox', end: true },
            { to: '/records', label: 'nav.records' },
          ]}
        />
        <main id="main" className="fd-main fd-main-wide" tabIndex={-1}>
          <Suspense fallback={<Skeleton active />}>
            <Routes>
              <Route path="/" element={<InboxPage />} />
              <Route path="/records" element={<RecordListPage />} />
              <Route path="/records/:type" element={<RecordListPage />} />
              <Route path="/records/:type/:key" element={<RecordPage />} />
              <Route path="*" element={<InboxPage />} />
            </Routes>
          </Suspense>
        </main>
      </BrowserRouter>
    </RecordTypesProvider>
  </BundleTextsProvider>
));
