/** The self-service portal: the catalog, requests, my tickets. */
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppHeader } from '../shared/app-header.js';
import { mountApp } from '../shared/app-root.js';
import { BundleTextsProvider } from '../shared/bundle-texts.js';
import { RecordTypesProvider } from '../shared/records.js';
import '../shared/base.css';
import { CatalogPage } from './catalog-page.js';

// Pages past the catalog load when first opened: the first page needs no form renderer.
const RequestPage = lazy(() => import('./request-page.js').then((m) => ({ default: m.RequestPage })));
const TicketPage = lazy(() => import('./ticket-page.js').then((m) => ({ default: m.TicketPage })));
const TicketsPage = lazy(() => import('./tickets-page.js').then((m) => ({ default: m.TicketsPage })));

mountApp((session) => (
  <BundleTextsProvider locale={session.locale}>
    <RecordTypesProvider>
      <BrowserRouter>
        <AppHeader
          home="/"
          title="app.portal"
          sections={[
            { to: '/', label: 'nav.catalog', end: true },
            { to: '/tickets', label: 'nav.myTickets' },
          ]}
        />
        <main id="main" className="fd-main" tabIndex={-1}>
          <Suspense fallback={<Skeleton active />}>
            <Routes>
              <Route path="/" element={<CatalogPage />} />
              <Route path="/request/:entry" element={<RequestPage />} />
              <Route path="/tickets" element={<TicketsPage />} />
              <Route path="/tickets/:type/:key" element={<TicketPage />} />
              <Route path="*" element={<CatalogPage />} />
            </Routes>
          </Suspense>
        </main>
      </BrowserRouter>
    </RecordTypesProvider>
  </BundleTextsProvider>
));
