/** The editor of a bundle's service catalog (catalog.json): service families, their services and subcategories, and the entries requesters pick. */
import { useFormikContext } from 'formik';
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { CatalogEntry, CatalogFamily, CatalogFile, CatalogService, CatalogSubcategory } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { MultiSelectField, SelectField, TextField, idOptions } from '../form/field-controls.js';
import { JsonFileForm } from '../form/json-file-form.js';
import { ListSection } from '../form/list-section.js';
import { freeId } from '../list-edits.js';
import { CatalogEntryFields } from './catalog-entry-fields.js';
import { useCatalogTexts } from './catalog-texts.js';

function ServiceFields({ path }: { path: string }) {
  const t = useCatalogTexts();
  const common = useEditorTexts();
  const { values } = useFormikContext<CatalogFile>();
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <SelectField path={fieldPath(path, 'family')} label={t('entry.family')} options={idOptions((values.families ?? []).map((family) => family.id))} />
      <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
      <BundleTextField path={fieldPath(path, 'descriptionKey')} label={t('description')} optional multiline />
      <MultiSelectField path={fieldPath(path, 'keywords')} label={t('keywords')} help={t('keywords.help')} optional free options={[]} />
      <ListSection<CatalogSubcategory>
        path={fieldPath(path, 'subcategories')}
        title={t('subcategories')}
        itemName={t('subcategory')}
        itemTitle={(subcategory) => subcategory.id}
        newItem={(list) => {
          const id = freeId('subcategory', list.map((subcategory) => subcategory.id));
          return { id, titleKey: `catalog.subcategory.${id}` };
        }}
        optional
      >
        {(subcategoryPath) => (
          <>
            <TextField path={fieldPath(subcategoryPath, 'id')} label={common('field.id')} />
            <BundleTextField path={fieldPath(subcategoryPath, 'titleKey')} label={t('title')} />
            <MultiSelectField path={fieldPath(subcategoryPath, 'keywords')} label={t('keywords')} help={t('keywords.help')} optional free options={[]} />
          </>
        )}
      </ListSection>
    </>
  );
}

function CatalogLists() {
  const t = useCatalogTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  const { values } = useFormikContext<CatalogFile>();
  const newEntry = (entries: readonly CatalogEntry[]): CatalogEntry => {
    const id = freeId('entry', entries.map((entry) => entry.id));
    const service = values.services?.[0];
    return {
      id,
      titleKey: `catalog.${id}.title`,
      family: service?.family ?? values.families?.[0]?.id ?? '',
      service: service?.id ?? '',
      recordType: catalogue.recordTypes[0]?.id ?? '',
      process: catalogue.processes[0] ?? '',
    };
  };
  return (
    <>
      <ListSection<CatalogFamily>
        path="families"
        title={t('families')}
        itemName={t('family')}
        itemTitle={(family) => family.id}
        newItem={(list) => {
          const id = freeId('family', list.map((family) => family.id));
          return { id, titleKey: `catalog.family.${id}` };
        }}
        folded
      >
        {(path) => (
          <>
            <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
            <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
            <BundleTextField path={fieldPath(path, 'descriptionKey')} label={t('description')} optional multiline />
          </>
        )}
      </ListSection>
      <ListSection<CatalogService>
        path="services"
        title={t('services')}
        itemName={t('service')}
        itemTitle={(service) => `${service.family} › ${service.id}`}
        newItem={(list) => {
          const id = freeId('service', list.map((service) => service.id));
          return { id, family: values.families?.[0]?.id ?? '', titleKey: `catalog.service.${id}` };
        }}
        folded
      >
        {(path) => <ServiceFields path={path} />}
      </ListSection>
      <ListSection<CatalogEntry> path="entries" title={t('entries')} itemName={t('entry')} itemTitle={(entry) => `${entry.service} › ${entry.id}`} newItem={newEntry} folded>
        {(path, entry) => <CatalogEntryFields path={path} entry={entry} />}
      </ListSection>
    </>
  );
}

export function CatalogEditor(props: JsonFileEditorProps<CatalogFile>) {
  const t = useCatalogTexts();
  return (
    <JsonFileForm kind="catalog" file={props} label={t('file.label')}>
      <CatalogLists />
    </JsonFileForm>
  );
}
