/**
 * The bundle's texts in both languages side by side, one row per key: every key the definitions
 * use (those still missing a text first) and every key either i18n file has. Both languages are
 * first class, so a key is done only when it has both.
 */
import { Input, Space, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useDesignerTexts } from '../designer-texts.js';
import { textFilesOf } from './draft-catalogue.js';
import type { BundleLocale } from './draft-model.js';
import type { OpenDraft } from './use-draft.js';
import { usedTextKeys } from './used-text-keys.js';

interface Row {
  key: string;
  en: string;
  zh: string;
  used: boolean;
}

function TextCell({ value, label, onCommit }: { value: string; label: string; onCommit(text: string): void }) {
  const [text, setText] = useState(value);
  return (
    <Input.TextArea
      aria-label={label}
      autoSize={{ minRows: 1, maxRows: 6 }}
      value={text}
      status={text.trim() === '' ? 'warning' : ''}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text !== value && onCommit(text)}
    />
  );
}

export function TextsEditor({ draft }: { draft: OpenDraft }) {
  const t = useDesignerTexts();
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    const files = textFilesOf(draft.files);
    const en = files.get('en')?.messages ?? {};
    const zh = files.get('zh-CN')?.messages ?? {};
    const used = new Set(usedTextKeys(draft.files));
    const keys = [...new Set([...used, ...Object.keys(en), ...Object.keys(zh)])].sort();
    return keys.map((key): Row => ({ key, en: en[key] ?? '', zh: zh[key] ?? '', used: used.has(key) }));
  }, [draft.files]);
  const missing = rows.filter((row) => !row.en || !row.zh);
  const [missingOnly, setMissingOnly] = useState(missing.length > 0);
  const needle = filter.trim().toLowerCase();
  const shown = (missingOnly ? missing : rows).filter((row) => !needle || [row.key, row.en, row.zh].some((text) => text.toLowerCase().includes(needle)));
  const commit = (locale: BundleLocale, key: string) => (text: string) => draft.texts.set(locale, key, text.trim());
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search aria-label={t('texts.filter')} placeholder={t('texts.filter')} allowClear value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: 280 }} />
        <Switch checked={missingOnly} onChange={setMissingOnly} aria-label={t('texts.missingOnly', { count: missing.length })} />
        <span>{t('texts.missingOnly', { count: missing.length })}</span>
      </Space>
      <Table<Row>
        rowKey="key"
        size="small"
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('texts.key'), dataIndex: 'key', width: '30%', render: (key: string, row) => <span>{key} {!row.used && <Tag>{t('texts.unused')}</Tag>}</span> },
          // A row's cells restart when the text changes elsewhere (the form designer sets labels too).
          { title: t('texts.en'), key: 'en', render: (_, row) => <TextCell key={row.en} value={row.en} label={`${row.key} en`} onCommit={commit('en', row.key)} /> },
          { title: t('texts.zh'), key: 'zh', render: (_, row) => <TextCell key={row.zh} value={row.zh} label={`${row.key} zh-CN`} onCommit={commit('zh-CN', row.key)} /> },
        ]}
      />
    </Space>
  );
}
