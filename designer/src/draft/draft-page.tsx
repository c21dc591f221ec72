/**
 * One draft open for editing: its files by kind on the left, the selected file's editor on the
 * right (the modeler for processes, the form designer for forms, an editor per definition kind,
 * text for the rest), and the draft's lifecycle on top: saving, check, changes, publish, export.
 */
import { Alert, Button, Card, Dropdown, Input, Layout, Menu, Modal, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Failure } from '../../../runtime/web/index.js';
import { useDesignerTexts, type DesignerTextKey } from '../designer-texts.js';
import { TestRunButton } from '../test-run/index.js';
import { draftsApi, type CheckResult } from '../drafts-api.js';
import { kindOf, type Manifest } from './draft-catalogue.js';
import type { DraftProblem } from './draft-model.js';
import { DraftChanges } from './draft-changes.js';
import { FileEditorHost } from './file-editor-host.js';
import { FILE_TEMPLATES, SINGLE_FILE_KINDS } from './file-templates.js';
import { PublishButton } from './publish-button.js';
import { CheckResults } from './check-results.js';
import { ConflictBanner, SaveStatus } from './save-status.js';
import { useDraft, type OpenDraft } from './use-draft.js';

const KIND_ORDER = ['manifest', 'processes', 'forms', 'records', 'catalog', 'roles', 'sla', 'calendars', 'notifications', 'quality', 'surveys', 'plugins', 'i18n', 'tests', 'other'];
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const NO_PROBLEMS: DraftProblem[] = [];

function filesByKind(manifest: Manifest | undefined, paths: string[]): Array<{ kind: string; paths: string[] }> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const kind = kindOf(manifest, path);
    groups.set(kind, [...(groups.get(kind) ?? []), path]);
  }
  return KIND_ORDER.filter((kind) => groups.has(kind)).map((kind) => ({ kind, paths: groups.get(kind)!.sort() }));
}

export function DraftPage() {
  const { id = '' } = useParams();
  const draft = useDraft(id);
  const t = useDesignerTexts();
  if (draft.loadError) return <Failure error={draft.loadError} retry={() => void draft.reload()} />;
  if (!draft.view) return <Skeleton active />;
  return <LoadedDraft draft={draft} t={t} />;
}

function LoadedDraft({ draft, t }: { draft: OpenDraft; t: ReturnType<typeof useDesignerTexts> }) {
  const view = draft.view!;
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const paths = useMemo(() => [...draft.files.keys()], [draft.files]);
  const groups = useMemo(() => filesByKind(draft.manifest, paths), [draft.manifest, paths]);
  const selected = search.get('file') ?? 'bundle.json';
  const focus = search.get('element');
  const open = (path: string, element?: string) => setSearch(element ? { file: path, element } : { file: path });

  const runCheck = async () => {
    setChecking(true);
    setError(null);
    try {
      if (await draft.saveNow()) setCheck(await draftsApi.check(view.id));
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setChecking(false);
    }
  };

  // One list per file and check, so editors re-mark problems only when a check brings new ones.
  const problemsByFile = useMemo(() => {
    const byFile = new Map<string, DraftProblem[]>();
    for (const problem of check?.problems ?? []) if (problem.file) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
    return byFile;
  }, [check]);
  const problemsOf = (path: string): DraftProblem[] => problemsByFile.get(path) ?? NO_PROBLEMS;

  return (
    <Layout className="fd-draft">
      <Space className="fd-draft-bar" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {view.bundle} <Typography.Text type="secondary">{view.baseVersion ?? t('drafts.newBundle')}</Typography.Text>
        </Typography.Title>
        <SaveStatus save={draft.save} version={view.version} />
        <Button onClick={() => void runCheck()} loading={checking}>{checking ? t('draft.checking') : t('draft.check')}</Button>
        <DraftChanges draftId={view.id} bundle={view.bundle} files={draft.files} beforeOpen={draft.saveNow} />
        <TestRunButton draftId={view.id} beforeOpen={draft.saveNow} />
        <PublishButton draftId={view.id} beforeOpen={draft.saveNow} onPublished={() => navigate('/')} />
        <Button href={draftsApi.archiveUrl(view.id)} download onClick={() => void draft.saveNow()}>{t('draft.export')}</Button>
      </Space>
      <ConflictBanner save={draft.save} onReload={() => void draft.reload()} />
      {error && <Failure error={error} />}
      {check && <CheckResults check={check} onOpen={open} />}
      <Layout hasSider className="fd-draft-body">
        <Layout.Sider width={260} theme="light" className="fd-draft-files">
          <AddFile draft={draft} onAdded={open} t={t} />
          <Menu
            mode="inline"
            aria-label={t('draft.files')}
            selectedKeys={[selected]}
            defaultOpenKeys={KIND_ORDER}
            onClick={({ key }) => open(key)}
            items={groups.map(({ kind, paths: listed }) => ({
              key: `kind:${kind}`,
              type: 'group' as const,
              label: t(`kind.${kind}` as DesignerTextKey),
              children: listed.map((path) => ({
                key: path,
                label: (
                  <span>
                    {path} {problemsOf(path).length > 0 && <Tag color="red">{problemsOf(path).length}</Tag>}
                  </span>
                ),
              })),
            }))}
          />
        </Layout.Sider>
        <Layout.Content className="fd-draft-editor">
          {draft.files.has(selected) ? (
            <Card
              size="small"
              title={selected}
              extra={
                selected !== 'bundle.json' && (
                  <Popconfirm title={t('draft.removeConfirm', { path: selected })} onConfirm={() => { draft.removeFile(selected); open('bundle.json'); }}>
                    <Button size="small" danger>{t('draft.removeFile')}</Button>
                  </Popconfirm>
                )
              }
            >
              <FileEditorHost key={selected} draft={draft} path={selected} kind={kindOf(draft.manifest, selected)} problems={problemsOf(selected)} focusElement={focus} />
            </Card>
          ) : (
            <Alert type="warning" title={selected} />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A process file's path from the name of a file drawn elsewhere (`Order Handling.bpmn` → processes/order-handling.bpmn). */
function processPathOf(fileName: string): string {
  const base = fileName.replace(/\.(bpmn|xml)$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `processes/${/^[a-z]/.test(base) ? base : `process-${base || 'imported'}`}.bpmn`;
}

function AddFile({ draft, onAdded, t }: { draft: OpenDraft; onAdded(path: string): void; t: ReturnType<typeof useDesignerTexts> }) {
  const [kind, setKind] = useState<string | null>(null);
  const [id, setId] = useState('');
  const bpmnInput = useRef<HTMLInputElement>(null);
  const importBpmn = async (file: File) => {
    const path = processPathOf(file.name);
    draft.addFile('processes', path, await file.text());
    onAdded(path);
  };
  const add = (chosen: string, fileId: string) => {
    const made = FILE_TEMPLATES[chosen]!(fileId);
    if (draft.files.has(made.path)) return onAdded(made.path);
    draft.addFile(chosen, made.path, made.content);
    onAdded(made.path);
  };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [...Object.keys(FILE_TEMPLATES).map((k) => ({ key: k, label: t(`kind.${k}` as DesignerTextKey) })), { type: 'divider' as const }, { key: 'import-bpmn', label: t('import.bpmn') }],
          onClick: ({ key }) => (key === 'import-bpmn' ? bpmnInput.current?.click() : SINGLE_FILE_KINDS.has(key) ? add(key, key) : (setKind(key), setId(''))),
        }}
      >
        <Button block style={{ marginBottom: 8 }}>{t('draft.addFileKind')}</Button>
      </Dropdown>
      <input ref={bpmnInput} type="file" accept=".bpmn,.xml" hidden aria-label={t('import.bpmn')} onChange={(e) => e.target.files?.[0] && void importBpmn(e.target.files[0])} />
      <Modal
        open={kind !== null}
        title={kind ? `${t('draft.addFileKind')}: ${t(`kind.${kind}` as DesignerTextKey)}` : ''}
        okText={t('draft.addFile')}
        okButtonProps={{ disabled: !ID.test(id) }}
        onOk={() => {
          add(kind!, id);
          setKind(null);
        }}
        onCancel={() => setKind(null)}
        destroyOnHidden
      >
        <Input aria-label={t('draft.fileId')} placeholder={t('draft.fileId')} value={id} maxLength={100} autoFocus onChange={(e) => setId(e.target.value.trim())} />
      </Modal>
    </>
  );
}
