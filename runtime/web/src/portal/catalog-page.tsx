/**
 * What the user's organization may request, family by family, and a search over it (English,
 * Chinese characters, full pinyin and pinyin initials: the server's search).
 */
import { Card, Empty, Input, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { Failure } from '../shared/failure.js';
import { useI18n } from '../shared/i18n/index.js';
import { useApi } from '../shared/use-api.js';

interface Entry {
  id: string;
  ref: string;
  title: string;
  description: string | null;
  service: { id: string; title: string };
  subcategory: { id: string; title: string } | null;
}

interface OfferedCatalog {
  families: Array<{ id: string; title: string; services: Array<{ id: string; title: string; entries: Entry[]; subcategories: Array<{ id: string; title: string; entries: Entry[] }> }> }>;
}

export function CatalogPage() {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const catalog = useApi<OfferedCatalog>('/catalog', { lang: locale });
  const search = useApi<{ entries: Entry[] }>(query.trim() ? '/catalog/search' : null, { q: query.trim(), lang: locale });

  return (
    <>
      <Input.Search
        aria-label={t('catalog.search')}
        placeholder={t('catalog.search')}
        allowClear
        size="large"
        onSearch={setQuery}
        onChange={(event) => setQuery(event.target.value)}
        style={{ marginBottom: 16 }}
      />
      {query.trim() ? (
        search.error ? <Failure error={search.error} retry={search.reload} />
        : !search.data ? <Skeleton active />
        : search.data.entries.length === 0 ? <Empty description={t('catalog.empty')} />
        : <EntryGrid entries={search.data.entries} />
      ) : catalog.error ? (
        <Failure error={catalog.error} retry={catalog.reload} />
      ) : !catalog.data ? (
        <Skeleton active />
      ) : catalog.data.families.length === 0 ? (
        <Empty description={t('catalog.nothingOffered')} />
      ) : (
        catalog.data.families.map((family) => (
          <section key={family.id} aria-labelledby={`family-${family.id}`}>
            <Typography.Title level={2} id={`family-${family.id}`} style={{ fontSize: 20 }}>{family.title}</Typography.Title>
            {family.services.map((service) => (
              <div key={service.id} style={{ marginBottom: 16 }}>
                <Typography.Title level={3} style={{ fontSize: 16 }}>{service.title}</Typography.Title>
                <EntryGrid entries={[...service.entries, ...service.subcategories.flatMap((s) => s.entries)]} />
              </div>
            ))}
          </section>
        ))
      )}
    </>
  );
}

function EntryGrid({ entries }: { entries: Entry[] }) {
  return (
    <ul className="fd-grid" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {entries.map((entry) => (
        <li key={entry.ref}>
          <Link to={`/request/${encodeURIComponent(entry.ref)}`} data-entry={entry.ref} style={{ display: 'block', height: '100%' }}>
            <Card size="small" hoverable style={{ height: '100%' }}>
              <Typography.Text strong>{entry.title}</Typography.Text>
              {entry.description && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>{entry.description}</Typography.Paragraph>}
              <div>
                <Tag>{entry.service.title}</Tag>
                {entry.subcategory && <Tag>{entry.subcategory.title}</Tag>}
              </div>
            </Card>
          </Link>
        </li>
      ))}
    </ul>
  );
}
