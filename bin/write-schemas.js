#!/usr/bin/env node
// Writes docs/schemas/*.json and docs/error-codes.md from the code (a test checks they match).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCodesMarkdown, schemaDocuments } from '../dist/engine/index.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'schemas');
mkdirSync(target, { recursive: true });
for (const { file, text } of schemaDocuments()) writeFileSync(join(target, file), text);
console.log(`wrote ${schemaDocuments().length} files to docs/schemas/`);
writeFileSync(join(target, '..', 'error-codes.md'), errorCodesMarkdown());
console.log('wrote docs/error-codes.md');
