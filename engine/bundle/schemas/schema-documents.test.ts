import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../test/bundle-fixtures.js';
import { errorCodesMarkdown } from '../../errors/error-codes-doc.js';
import { FLOWDESK_VERSION } from '../../version.js';
import { schemaDocuments } from './schema-documents.js';

describe('published contracts', () => {
  it('keeps docs/schemas in step with the schemas in code (run `npm run schemas` after a change)', () => {
    const dir = join(REPO_ROOT, 'docs', 'schemas');
    const documents = schemaDocuments();
    expect(readdirSync(dir).sort()).toEqual(documents.map((d) => d.file).sort());
    for (const { file, text } of documents) expect(readFileSync(join(dir, file), 'utf8')).toBe(text);
  });

  it('keeps docs/error-codes.md in step with the code table', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'error-codes.md'), 'utf8')).toBe(errorCodesMarkdown());
  });

  it('states the same Flowdesk version as package.json', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(FLOWDESK_VERSION).toBe(pkg.version);
  });
});
