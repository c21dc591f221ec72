/**
 * The designer's home: installed bundles (a new draft from the newest version, or any older one
 * restored as a draft), the drafts in progress, a new bundle from nothing, an archive imported.
 */
import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Failure, useApi, useI18n } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import { draftsApi, type DraftSummary, type InstalledVersion } from '../drafts-api.js';
import { ImportArchive } from './import-archive.js';

const BUNDLE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Installed versions by bundle, newest first (the API lists them so). */
function byBundle(versions: InstalledVersion[]): Array<{ name: string; versions: InstalledVersion[] }> {
  const groups = new Map<string, InstalledVersion[]>();
  for (const version of versions) groups.set(version.name, [...(groups.get(version.name) ?? []), version]);
  return [...groups].map(([name, list]) => ({ name, versions: list })).sort((a, b) => a.name.localeCompare(b.name));
}

export function BundlesPage() {
  const t = useDesignerTexts();
  const { locale } = useI18n();
  const navigate = useNavigate();
  const installed = useApi<{ bundles: InstalledVersion[] }>('/bundles');
  const drafts = useApi<{ drafts: DraftSummary[] }>('/drafts');
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const startDraft = async (bundle: string, from: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const draft = await draftsApi.create(bundle, from);
      navigate(`/drafts/${draft.id}`);
    } catch (failure) {
      setError(failure as Error);
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('bundles.title')}</Typography.Title>
      {error && <Failure error={error} />}
      <Card
        title={t('drafts.title')}
        extra={
          <Space>
            <ImportArchive onDiscarded={drafts.reload} />
            <Button type="primary" onClick={() => setCreating(true)}>{t('bundles.new')}</Button>
          </Space>
        }
      >
        {drafts.error ? (
          <Failure error={drafts.error} retry={drafts.reload} />
        ) : (
          <Table<DraftSummary>
            rowKey="id"
            loading={drafts.loading}
            pagination={false}
            dataSource={drafts.data?.drafts ?? []}
            locale={{ emptyText: t('drafts.none') }}
            columns={[
              { title: t('bundles.name'), dataIndex: 'bundle', render: (bundle: string, draft) => <a href={`/designer/drafts/${draft.id}`} onClick={(e) => { e.preventDefault(); navigate(`/drafts/${draft.id}`); }}>{bundle}</a> },
              { title: t('drafts.base'), dataIndex: 'baseVersion', render: (base: string | null) => base ?? t('drafts.newBundle') },
              { title: t('drafts.updated'), key: 'updated', render: (_, draft) => `${new Date(draft.updatedAt).toLocaleString(locale)} · ${draft.updatedBy}` },
              {
                title: '',
                key: 'actions',
                render: (_, draft) => (
                  <Popconfirm title={t('drafts.deleteConfirm')} onConfirm={() => draftsApi.remove(draft.id).then(drafts.reload, setError)}>
                    <Button size="small" danger aria-label={`${t('drafts.delete')} ${draft.bundle}`}>{t('drafts.delete')}</Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('bundles.installed')}>
        {installed.error ? (
          <Failure error={installed.error} retry={installed.reload} />
        ) : (
          <Table
            rowKey="name"
            loading={installed.loading}
            pagination={false}
            dataSource={byBundle(installed.data?.bundles ?? [])}
            columns={[
              { title: t('bundles.name'), key: 'name', render: (_, group) => <><strong>{group.name}</strong> <Typography.Text type="secondary">{group.versions[0]?.title[locale] ?? ''}</Typography.Text></> },
              { title: t('bundles.newest'), key: 'newest', render: (_, group) => group.versions[0]?.version },
              {
                title: '',
                key: 'actions',
                render: (_, group) => (
                  <Space wrap>
                    <Button size="small" disabled={busy} aria-label={`${t('bundles.edit')} ${group.name}`} onClick={() => void startDraft(group.name, 'newest')}>{t('bundles.edit')}</Button>
                    {group.versions.length > 1 && (
                      <Select
                        size="small"
                        aria-label={`${t('bundles.older')} ${group.name}`}
                        placeholder={t('bundles.older')}
                        style={{ minWidth: 200 }}
                        value={null}
                        disabled={busy}
                        options={group.versions.slice(1).map((v) => ({ value: v.version, label: t('bundles.restore', { version: v.version }) }))}
                        onChange={(version: string) => void startDraft(group.name, version)}
                      />
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal open={creating} title={t('bundles.new')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={(values: { name: string }) => void startDraft(values.name, null)}>
          <Form.Item name="name" label={t('bundles.newName')} extra={t('bundles.newNameHelp')} rules={[{ required: true, pattern: BUNDLE_NAME, message: t('bundles.newNameHelp') }]}>
            <Input autoFocus maxLength={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>{t('bundles.create')}</Button>
        </Form>
      </Modal>
    </Space>
  );
}
