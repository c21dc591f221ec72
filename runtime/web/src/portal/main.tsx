/** The self-service portal: the catalog, requests, my tickets. */
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppHeader } from '../shared/app-header.js';
import { mountApp } from '../shared/app-root.js';
import { BundleTextsProvider } from '../shared/bundle-texts.js';
import { RecordTypesProvider } from '../shared/records.js';
import '../shared/base.css';
import { CatalogPage } from './catalog-page.js';
import { RequestPage } from './request-page.js';
import { TicketPage } from './ticket-page.js';
import { TicketsPage } from './tickets-page.js';

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
          <Routes>
            <Route path="/" element={<CatalogPage />} />
            <Route path="/request/:entry" element={<RequestPage />} />
            <Route path="/tickets" element={<TicketsPage />} />
            <Route path="/tickets/:type/:key" element={<TicketPage />} />
            <Route path="*" element={<CatalogPage />} />
          </Routes>
        </main>
      </BrowserRouter>
    </RecordTypesProvider>
  </BundleTextsProvider>
));
