/**
 * One catalog entry: where it sits in the catalog (family, service, subcategory of this file) and
 * what requesting it starts — record type, process, form, SLA policy and calendar picked from the
 * draft — who may request it and who approves.
 */
import { useFormikContext } from 'formik';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { CatalogEntry, CatalogFile } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { MultiSelectField, SelectField, TextField, idOptions } from '../form/field-controls.js';
import { ListSection } from '../form/list-section.js';
import { freeId } from '../list-edits.js';
import { useCatalogTexts } from './catalog-texts.js';

type Approval = NonNullable<CatalogEntry['approvals']>[number];

export function CatalogEntryFields({ path, entry }: { path: string; entry: CatalogEntry }) {
  const t = useCatalogTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  const { values } = useFormikContext<CatalogFile>();
  const services = (values.services ?? []).filter((service) => service.family === entry.family);
  const subcategories = (values.services ?? []).find((service) => service.id === entry.service)?.subcategories ?? [];
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
      <BundleTextField path={fieldPath(path, 'descriptionKey')} label={t('description')} optional multiline />
      <SelectField path={fieldPath(path, 'family')} label={t('entry.family')} options={idOptions((values.families ?? []).map((family) => family.id))} />
      <SelectField path={fieldPath(path, 'service')} label={t('entry.service')} options={idOptions(services.map((service) => service.id))} />
      <SelectField path={fieldPath(path, 'subcategory')} label={t('entry.subcategory')} optional options={idOptions(subcategories.map((subcategory) => subcategory.id))} />
      <MultiSelectField path={fieldPath(path, 'keywords')} label={t('keywords')} help={t('keywords.help')} optional free options={[]} />
      <SelectField path={fieldPath(path, 'recordType')} label={common('field.recordType')} options={idOptions(catalogue.recordTypes.map((type) => type.id))} />
      <SelectField path={fieldPath(path, 'process')} label={t('entry.process')} options={idOptions(catalogue.processes)} />
      <SelectField path={fieldPath(path, 'startForm')} label={t('entry.startForm')} optional options={idOptions(catalogue.forms)} />
      <SelectField path={fieldPath(path, 'sla')} label={t('entry.sla')} optional options={idOptions(catalogue.slaPolicies)} />
      <SelectField path={fieldPath(path, 'calendar')} label={t('entry.calendar')} help={t('entry.calendar.help')} optional options={idOptions(catalogue.calendars)} />
      <MultiSelectField path={fieldPath(path, 'requestableBy')} label={t('entry.requestableBy')} help={t('entry.requestableBy.help')} optional options={idOptions(catalogue.roles)} />
      <ListSection<Approval>
        path={fieldPath(path, 'approvals')}
        title={t('approvals')}
        itemName={t('approval')}
        itemTitle={(approval) => `${approval.id}: ${approval.role}`}
        newItem={(list) => ({ id: freeId('level', list.map((approval) => approval.id)), role: catalogue.roles[0] ?? '' })}
        optional
      >
        {(approvalPath) => (
          <>
            <TextField path={fieldPath(approvalPath, 'id')} label={common('field.id')} />
            <SelectField path={fieldPath(approvalPath, 'role')} label={t('approval.role')} options={idOptions(catalogue.roles)} />
          </>
        )}
      </ListSection>
    </>
  );
}
