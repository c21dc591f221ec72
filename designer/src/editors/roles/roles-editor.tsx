/** The editor of a bundle's roles (roles.json): each role's grants — on which record type, which actions, over which records, which fields. */
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { useChoiceOptions } from '../choice-texts.js';
import { GRANT_ACTIONS, GRANT_SCOPES } from '../choices.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { RoleDefinition, RoleGrant, RolesFile } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { MultiSelectField, SelectField, TextField, idOptions } from '../form/field-controls.js';
import { JsonFileForm } from '../form/json-file-form.js';
import { ListSection } from '../form/list-section.js';
import { freeId, titleKeyFor } from '../list-edits.js';
import { useRolesTexts } from './roles-texts.js';

function GrantFields({ path, grant }: { path: string; grant: RoleGrant }) {
  const t = useRolesTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  const actions = useChoiceOptions('action', GRANT_ACTIONS);
  const scopes = useChoiceOptions('scope', GRANT_SCOPES);
  const recordType = catalogue.recordTypes.find((type) => type.id === grant.recordType);
  return (
    <>
      <SelectField path={fieldPath(path, 'recordType')} label={common('field.recordType')} options={idOptions(catalogue.recordTypes.map((type) => type.id))} />
      <MultiSelectField path={fieldPath(path, 'actions')} label={t('actions')} options={actions} />
      <SelectField path={fieldPath(path, 'scope')} label={t('scope')} options={scopes} />
      <MultiSelectField path={fieldPath(path, 'fields')} label={t('fields')} help={t('fields.help')} optional options={idOptions(recordType?.fields ?? [])} />
    </>
  );
}

function RoleFields({ path }: { path: string }) {
  const t = useRolesTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
      <ListSection<RoleGrant>
        path={fieldPath(path, 'grants')}
        title={t('grants')}
        itemName={t('grant')}
        itemTitle={(grant) => `${grant.recordType}: ${(grant.actions ?? []).join(', ')} (${grant.scope})`}
        newItem={() => ({ recordType: catalogue.recordTypes[0]?.id ?? '', actions: ['read'], scope: 'own' })}
      >
        {(grantPath, grant) => <GrantFields path={grantPath} grant={grant} />}
      </ListSection>
    </>
  );
}

export function RolesEditor(props: JsonFileEditorProps<RolesFile>) {
  const t = useRolesTexts();
  const newRole = (roles: readonly RoleDefinition[]): RoleDefinition => {
    const id = freeId('role', roles.map((role) => role.id));
    return { id, titleKey: titleKeyFor('role', id), grants: [] };
  };
  return (
    <JsonFileForm kind="roles" file={props} label={t('file.label')}>
      <ListSection<RoleDefinition> path="roles" title={t('roles')} itemName={t('role')} itemTitle={(role) => role.id} newItem={newRole} folded>
        {(path) => <RoleFields path={path} />}
      </ListSection>
    </JsonFileForm>
  );
}
