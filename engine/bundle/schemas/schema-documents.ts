import { flowdeskModdleDescriptor } from '../bpmn/flowdesk-moddle.js';
import { ALL_SCHEMAS } from './index.js';
import { SCHEMA_ID_BASE } from './common.schema.js';

/**
 * The JSON files written to docs/schemas/: one JSON Schema per bundle file kind (named by its
 * `$id`) and the BPMN extension descriptor. Editors validate bundle files against them as typed.
 */
export function schemaDocuments(): Array<{ file: string; text: string }> {
  const schemas = ALL_SCHEMAS.map((schema) => ({
    file: schema.$id!.slice(SCHEMA_ID_BASE.length),
    text: `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`,
  }));
  return [...schemas, { file: 'flowdesk-bpmn-extension.json', text: `${JSON.stringify(flowdeskModdleDescriptor, null, 2)}\n` }];
}
