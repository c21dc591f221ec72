/** The self-service portal: the catalog, requests, my tickets. */
import { lazy } from 'react';
import { Route } from 'react-router';
import { AppFrame } from '../shared/app-frame.js';
import { mountApp } from '../shared/app-root.js';
import '../shared/base.css';
import { CatalogPage } from './catalog-page.js';

// Pages past the catalog load when first opened: the first page needs no form renderer.
const RequestPage = lazy(() => import('./request-page.js').then((m) => ({ default: m.RequestPage })));
const TicketPage = lazy(() => import('./ticket-page.js').then((m) => ({ default: m.TicketPage })));
const TicketsPage = lazy(() => import('./tickets-page.js').then((m) => ({ default: m.TicketsPage })));

mountApp((session) => (
  <AppFrame
    session={session}
    title="app.portal"
    sections={[
      { to: '/', label: 'nav.catalog', end: true },
      { to: '/tickets', label: 'nav.myTickets' },
    ]}
    mainClassName="fd-main"
  >
    <Route path="/" element={<CatalogPage />} />
    <Route path="/request/:entry" element={<RequestPage />} />
    <Route path="/tickets" element={<TicketsPage />} />
    <Route path="/tickets/:type/:key" element={<TicketPage />} />
    <Route path="*" element={<CatalogPage />} />
  </AppFrame>
));
