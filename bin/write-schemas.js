#!/usr/bin/env node
// Writes docs/schemas/*.json from the TypeBox schemas (run after `npm run build`; a test checks they match).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaDocuments } from '../dist/engine/index.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'schemas');
mkdirSync(target, { recursive: true });
for (const { file, text } of schemaDocuments()) writeFileSync(join(target, file), text);
console.log(`wrote ${schemaDocuments().length} files to docs/schemas/`);
