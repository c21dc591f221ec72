/**
 * The frame both apps share: bundle texts and record types loaded once, the router, the header
 * with the app's sections, and the main area where pages (some loaded lazily) appear.
 */
import { Skeleton } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Routes } from 'react-router';
import { AppHeader } from './app-header.js';
import { BundleTextsProvider } from './bundle-texts.js';
import type { MessageKey } from './i18n/index.js';
import { RecordTypesProvider } from './records.js';
import type { Session } from './session.js';

export interface AppFrameProps {
  session: Session;
  /** Where the app lives (`/workspace`); the portal is at the root. */
  basename?: string;
  title: MessageKey;
  sections: Array<{ to: string; label: MessageKey; end?: boolean }>;
  /** Inside the router, outside the pages (keyboard shortcuts). */
  extra?: ReactNode;
  mainClassName: string;
  /** The app's <Route> elements. */
  children: ReactNode;
}

export function AppFrame({ session, basename, title, sections, extra, mainClassName, children }: AppFrameProps) {
  return (
    <BundleTextsProvider locale={session.locale}>
      <RecordTypesProvider>
        <BrowserRouter {...(basename ? { basename } : {})}>
          {extra}
          <AppHeader home="/" title={title} sections={sections} />
          <main id="main" className={mainClassName} tabIndex={-1}>
            <Suspense fallback={<Skeleton active />}>
              <Routes>{children}</Routes>
            </Suspense>
          </main>
        </BrowserRouter>
      </RecordTypesProvider>
    </BundleTextsProvider>
  );
}
