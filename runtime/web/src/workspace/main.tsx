/** The agents' workspace: inbox, record lists, the record page. */
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppHeader } from '../shared/app-header.js';
import { mountApp } from '../shared/app-root.js';
import { BundleTextsProvider } from '../shared/bundle-texts.js';
import { RecordTypesProvider } from '../shared/records.js';
import '../shared/base.css';
import { InboxPage } from './inbox-page.js';
import { RecordListPage } from './record-list-page.js';
import { RecordPage } from './record-page.js';

mountApp((session) => (
  <BundleTextsProvider locale={session.locale}>
    <RecordTypesProvider>
      <BrowserRouter basename="/workspace">
        <AppHeader
          home="/"
          title="app.workspace"
          sections={[
            { to: '/', label: 'nav.inbox', end: true },
            { to: '/records', label: 'nav.records' },
          ]}
        />
        <main id="main" className="fd-main fd-main-wide" tabIndex={-1}>
          <Routes>
            <Route path="/" element={<InboxPage />} />
            <Route path="/records" element={<RecordListPage />} />
            <Route path="/records/:type" element={<RecordListPage />} />
            <Route path="/records/:type/:key" element={<RecordPage />} />
            <Route path="*" element={<InboxPage />} />
          </Routes>
        </main>
      </BrowserRouter>
    </RecordTypesProvider>
  </BundleTextsProvider>
));
