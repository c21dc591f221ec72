/**
 * Form validators compiled ahead of time. The portal validates a form in the browser before it
 * sends it, with the same JSON Schema the server checks; the strict CSP forbids compiling code
 * there, so each form of a version is compiled here, per locale, when the version is installed
 * (rjsf's standalone ajv code), kept in `form_validators` and served as a script file.
 */
import { compileSchemaValidatorsCode } from '@rjsf/validator-ajv8/compileSchemaValidators';
import type { Knex } from 'knex';
import {
  FlowdeskError,
  LOCALES,
  parseBundleJson,
  sha256Hex,
  type BundleFiles,
  type BundleRegistry,
  type Database,
  type FormDefinition,
  type I18nFile,
  type InstalledFiles,
  type Locale,
  type RecordTypeDefinition,
} from '../../engine/index.js';
import { localizeForm, type LocalizedForm } from './localize-form.js';

export interface CompiledForm {
  form: LocalizedForm;
  /** The validator module's source. */
  code: string;
  sha256: string;
}

interface FormValidatorRow {
  form: string;
  code: string;
  sha256: string;
}

/**
 * The validator as an ES module whose default export takes a `require` for the few ajv runtime
 * helpers the code names (the portal hands them over) and returns rjsf's map of validate functions.
 */
export function validatorModule(schema: Record<string, unknown>): string {
  const code = compileSchemaValidatorsCode(schema, { ajvOptionsOverrides: { code: { lines: false } } });
  return `export default function validators(require) {\nconst module = { exports: {} };\nconst exports = module.exports;\n${code}\nreturn module.exports;\n}\n`;
}

/** The form id under which a record type's fields are kept, for editing a record (not reachable as a bundle form: `:` is no form id character). */
export function recordFormId(typeId: string): string {
  return `record:${typeId}`;
}

/** Every form of a version, and every record type's fields as a form, in every locale, localized and compiled. */
export function compileForms(manifest: InstalledFiles['manifest'], files: BundleFiles): Array<{ formId: string; locale: Locale; compiled: CompiledForm }> {
  const messages = new Map<string, I18nFile['messages']>();
  for (const path of manifest.contents.i18n ?? []) {
    const file = parseBundleJson(files.get(path)!, path) as I18nFile;
    messages.set(file.locale, file.messages);
  }
  const definitions: FormDefinition[] = (manifest.contents.forms ?? []).map((path) => parseBundleJson(files.get(path)!, path) as FormDefinition);
  for (const path of manifest.contents.records ?? []) {
    const type = parseBundleJson(files.get(path)!, path) as RecordTypeDefinition;
    definitions.push({ id: recordFormId(type.id), titleKey: type.titleKey, schema: type.fields });
  }
  const out: Array<{ formId: string; locale: Locale; compiled: CompiledForm }> = [];
  for (const definition of definitions) {
    for (const locale of LOCALES) {
      const form = localizeForm(definition, messages.get(locale) ?? {});
      const code = validatorModule(form.schema);
      out.push({ formId: definition.id, locale, compiled: { form, code, sha256: sha256Hex(Buffer.from(code)) } });
    }
  }
  return out;
}

async function writeCompiled(knex: Knex, versionId: string, manifest: InstalledFiles['manifest'], files: BundleFiles): Promise<void> {
  const rows = compileForms(manifest, files).map(({ formId, locale, compiled }) => ({
    version_id: versionId,
    form_id: formId,
    locale,
    form: JSON.stringify(compiled.form),
    code: compiled.code,
    sha256: compiled.sha256,
  }));
  // One row per insert: a compiled form can be large, and MySQL's packet size is finite.
  for (const row of rows) await knex('form_validators').insert(row);
}

/** The registry's install hook: a version is installed with its compiled forms. */
export async function compileFormsOnInstall(trx: Knex.Transaction, installed: InstalledFiles): Promise<void> {
  await writeCompiled(trx, installed.versionId, installed.manifest, installed.files);
}

export interface FormSource {
  /**
   * A form of an installed version in a locale. Versions installed before validators were
   * compiled at install are compiled on first use.
   * @throws FlowdeskError FORM_NOT_FOUND
   */
  get(bundle: string, version: string, formId: string, locale: Locale): Promise<CompiledForm>;
}

export function createFormSource({ db, registry }: { db: Database; registry: Pick<BundleRegistry, 'readFiles'> }): FormSource {
  async function versionIdOf(bundle: string, version: string): Promise<string> {
    const row = (await db.knex('bundle_versions').where({ bundle_name: bundle, version }).first('id')) as { id: string } | undefined;
    if (!row) throw new FlowdeskError('FORM_NOT_FOUND', `no installed bundle ${bundle}@${version}`);
    return row.id;
  }

  async function read(versionId: string, formId: string, locale: Locale): Promise<FormValidatorRow | undefined> {
    return (await db.knex('form_validators').where({ version_id: versionId, form_id: formId, locale }).first('form', 'code', 'sha256')) as FormValidatorRow | undefined;
  }

  async function backfill(versionId: string, bundle: string, version: string): Promise<void> {
    const { files } = await registry.readFiles(bundle, version);
    const manifest = parseBundleJson(files.get('bundle.json')!, 'bundle.json') as InstalledFiles['manifest'];
    await db.knex.transaction(async (trx) => {
      const already = (await trx('form_validators').where({ version_id: versionId }).first('form_id')) as unknown;
      if (!already) await writeCompiled(trx, versionId, manifest, files);
    });
  }

  return {
    async get(bundle, version, formId, locale) {
      const versionId = await versionIdOf(bundle, version);
      let row = await read(versionId, formId, locale);
      if (!row && !(await db.knex('form_validators').where({ version_id: versionId }).first('form_id'))) {
        await backfill(versionId, bundle, version);
        row = await read(versionId, formId, locale);
      }
      if (!row) throw new FlowdeskError('FORM_NOT_FOUND', `${bundle}@${version} has no form ${formId}`);
      return { form: JSON.parse(row.form) as LocalizedForm, code: row.code, sha256: row.sha256 };
    },
  };
}
