/**
 * The browsable API reference at /api/v1/docs: plain HTML rendered on the server from the OpenAPI
 * document, styled by a CSS file served beside it. No script, no inline style, nothing fetched
 * from elsewhere, so it works under the strict Content-Security-Policy and without a network;
 * sections fold with `<details>`. Also declares the routes that serve the document and the page.
 */
import { Type } from '@sinclair/typebox';
import { route, type ApiRoute } from './api-route.js';
import type { OpenApiDocument, OpenApiOperation } from './openapi.js';

type Schema = Record<string, unknown>;

/** GET /openapi.json, GET /docs and GET /docs/reference.css, answering from `documentOf()`. */
export function referenceRoutes(documentOf: () => OpenApiDocument): ApiRoute[] {
  let page: string | undefined;
  return [
    route({
      method: 'get',
      path: '/openapi.json',
      summary: 'The OpenAPI 3.1 document of this API',
      tag: 'reference',
      access: 'public',
      response: Type.Object({ openapi: Type.Literal('3.1.0') }, { additionalProperties: true }),
      handler: async ({ res }) => {
        res.setHeader('Cache-Control', 'no-cache');
        return documentOf();
      },
    }),
    route({
      method: 'get',
      path: '/docs',
      summary: 'This API reference as a web page (HTML)',
      tag: 'reference',
      access: 'public',
      handler: async ({ res }) => {
        page ??= renderReferencePage(documentOf());
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(page);
      },
    }),
    route({
      method: 'get',
      path: '/docs/reference.css',
      summary: 'The style sheet of the reference page',
      tag: 'reference',
      access: 'public',
      handler: async ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=3600');
        res.type('css').send(REFERENCE_CSS);
      },
    }),
  ];
}

/** The whole page for a document. */
export function renderReferencePage(document: OpenApiDocument): string {
  const info = document['info'] as { title: string; version: string; description?: string };
  const basePath = ((document['servers'] as Array<{ url: string }> | undefined)?.[0]?.url ?? '').replace(/\/$/, '');
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
  const tags = [...new Set(operations.map((o) => o.operation.tags[0] ?? 'other'))].sort();
  const byTag = (tag: string) => operations.filter((o) => (o.operation.tags[0] ?? 'other') === tag);
  const codes = (document['x-flowdesk-error-codes'] ?? {}) as Record<string, { status: number; meaning: string }>;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(info.title)} ${text(info.version)}</title>
<link rel="stylesheet" href="${text(basePath)}/docs/reference.css">
</head>
<body>
<header>
<h1>${text(info.title)} <small>${text(info.version)}</small></h1>
${info.description ? `<p>${text(info.description)}</p>` : ''}
<p>Every path below is under <code>${text(basePath)}</code>. The machine-readable document: <a href="${text(basePath)}/openapi.json">openapi.json</a>. Failures all look like <code>{ "error": { "code", "message", "details" }, "requestId" }</code>; the <a href="#error-codes">codes</a> are at the end.</p>
</header>
<nav aria-label="Operations">
${tags.map((tag) => `<h2>${text(tag)}</h2>\n<ul>\n${byTag(tag).map((o) => `<li><a href="#${anchor(o.operation.operationId)}"><span class="method method-${text(o.method)}">${text(o.method.toUpperCase())}</span> ${text(o.path)}</a></li>`).join('\n')}\n</ul>`).join('\n')}
</nav>
<main>
${tags.map((tag) => `<section class="tag" id="tag-${anchor(tag)}">\n<h2>${text(tag)}</h2>\n${byTag(tag).map((o) => operationHtml(o.method, o.path, o.operation)).join('\n')}\n</section>`).join('\n')}
<section id="error-codes">
<h2>Error codes</h2>
<table><thead><tr><th>code</th><th>status</th><th>meaning</th></tr></thead><tbody>
${Object.entries(codes).map(([code, entry]) => `<tr><td><code>${text(code)}</code></td><td>${entry.status}</td><td>${text(entry.meaning)}</td></tr>`).join('\n')}
</tbody></table>
</section>
</main>
</body>
</html>
`;
}

const ACCESS_TEXT: Record<string, string> = {
  public: 'anyone',
  user: 'a logged-in user (session cookie, plus X-CSRF-Token on writes) or an API token',
  admin: 'an administrator (session cookie, plus X-CSRF-Token on writes) or an administrator’s API token',
};

function operationHtml(method: string, path: string, operation: OpenApiOperation): string {
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody as { content: Record<string, { schema: Schema }> } | undefined;
  const [mediaType, media] = body ? Object.entries(body.content)[0]! : [undefined, undefined];
  return `<article class="operation" id="${anchor(operation.operationId)}">
<h3><span class="method method-${text(method)}">${text(method.toUpperCase())}</span> <code>${text(path)}</code></h3>
<p class="summary">${text(operation.summary)}</p>
${operation.description ? operation.description.split(/\n\s*\n/).map((paragraph) => `<p>${text(paragraph)}</p>`).join('\n') : ''}
<p class="access">Who: ${text(ACCESS_TEXT[operation['x-flowdesk-access']] ?? operation['x-flowdesk-access'])}. Operation id <code>${text(operation.operationId)}</code>.</p>
${parameters.length > 0 ? `<details open><summary>Parameters</summary>\n<table><thead><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>\n${parameters.map((p) => `<tr><td><code>${text(String(p['name']))}</code></td><td>${text(String(p['in']))}</td><td>${text(typeOf(p['schema'] as Schema))}</td><td>${p['required'] ? 'yes' : 'no'}</td><td>${text(String(p['description'] ?? ''))}</td></tr>`).join('\n')}\n</tbody></table></details>` : ''}
${media ? `<details open><summary>Request body <code>${text(mediaType!)}</code></summary>\n${schemaHtml(media.schema, 0)}\n</details>` : ''}
<details><summary>Responses</summary>
<table><thead><tr><th>status</th><th>meaning</th></tr></thead><tbody>
${Object.entries(operation.responses).map(([status, response]) => responseRow(status, response)).join('\n')}
</tbody></table></details>
</article>`;
}

function responseRow(status: string, response: Record<string, unknown>): string {
  const schema = (response['content'] as Record<string, { schema: Schema }> | undefined)?.['application/json']?.schema;
  const isError = Number(status) >= 400;
  const lines = String(response['description'] ?? '').split('\n');
  const meaning = isError ? `<ul>${lines.map((line) => `<li>${codeLine(line)}</li>`).join('')}</ul>` : `<p>${text(lines.join(' '))}</p>${schema ? schemaHtml(schema, 0) : ''}`;
  return `<tr><td class="status status-${status[0]}">${text(status)}</td><td>${meaning}</td></tr>`;
}

/** `CODE: meaning` with the code set as code. */
function codeLine(line: string): string {
  const at = line.indexOf(': ');
  return at < 0 ? text(line) : `<code>${text(line.slice(0, at))}</code> ${text(line.slice(at + 2))}`;
}

/** An object's fields as a table (nested objects inside, to a few levels), anything else as its type. */
function schemaHtml(schema: Schema, depth: number): string {
  const object = objectOf(schema);
  if (!object || depth > 3) return `<p class="type">${text(typeOf(schema))}</p>`;
  const properties = Object.entries((object['properties'] ?? {}) as Record<string, Schema>);
  const required = new Set((object['required'] ?? []) as string[]);
  if (properties.length === 0) return `<p class="type">${text(typeOf(schema))}</p>`;
  const rows = properties.map(([name, property]) => {
    const nested = objectOf(property) ? schemaHtml(property, depth + 1) : '';
    const description = typeof property['description'] === 'string' ? text(property['description']) : '';
    return `<tr><td><code>${text(name)}</code></td><td>${text(typeOf(property))}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${description}${nested}</td></tr>`;
  });
  const isArray = schema['type'] === 'array';
  return `${isArray ? '<p class="type">array of:</p>' : ''}<table class="fields"><thead><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The object whose fields to list: the schema itself, or the items of an array of objects. */
function objectOf(schema: Schema): Schema | null {
  if (schema['type'] === 'object' && schema['properties']) return schema;
  const items = schema['items'] as Schema | undefined;
  if (schema['type'] === 'array' && items && items['type'] === 'object' && items['properties']) return items;
  return null;
}

/** A short type: `string (date-time, ≤ 36)`, `array of integer`, `"a" | "b"`, `object`. */
export function typeOf(schema: Schema | undefined): string {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  if (typeof schema['$ref'] === 'string') return schema['$ref'].split('/').pop()!;
  if (Array.isArray(schema['enum'])) return schema['enum'].map((value) => JSON.stringify(value)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema['const']);
  for (const [key, joiner] of [['anyOf', ' | '], ['oneOf', ' | '], ['allOf', ' & ']] as const) {
    if (Array.isArray(schema[key])) return (schema[key] as Schema[]).map((member) => typeOf(member)).join(joiner);
  }
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[]).join(' | ') : String(schema['type'] ?? 'any');
  if (type === 'array') return `array of ${typeOf(schema['items'] as Schema | undefined)}`;
  const facets = [
    schema['format'],
    schema['minLength'] !== undefined ? `≥ ${String(schema['minLength'])} chars` : undefined,
    schema['maxLength'] !== undefined ? `≤ ${String(schema['maxLength'])} chars` : undefined,
    schema['minimum'] !== undefined ? `≥ ${String(schema['minimum'])}` : undefined,
    schema['maximum'] !== undefined ? `≤ ${String(schema['maximum'])}` : undefined,
    schema['pattern'] !== undefined ? `matching ${String(schema['pattern'])}` : undefined,
    schema['default'] !== undefined ? `default ${JSON.stringify(schema['default'])}` : undefined,
  ].filter((facet): facet is string => typeof facet === 'string');
  return facets.length > 0 ? `${type} (${facets.join(', ')})` : type;
}

/** Text as HTML: every character that could open markup or end an attribute is escaped. */
function text(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function anchor(id: string): string {
  return `op-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The page's style: served as a file, so the CSP needs no inline-style allowance. */
export const REFERENCE_CSS = `
:root { color-scheme: light dark; --line: #8884; --muted: #888; --get: #1f7a3a; --post: #1d5fa8; --put: #8a5a00; --patch: #6b3fa0; --delete: #a8261d; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; display: grid; grid-template-columns: minmax(14rem, 20rem) 1fr; grid-template-areas: "head head" "nav main"; }
header { grid-area: head; padding: 1rem 2rem; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
header small { color: var(--muted); font-weight: normal; }
nav { grid-area: nav; padding: 1rem; border-right: 1px solid var(--line); position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; font-size: .9rem; }
nav h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1rem 0 .25rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li a { display: block; padding: .15rem 0; text-decoration: none; color: inherit; overflow-wrap: anywhere; }
main { grid-area: main; padding: 1rem 2rem 4rem; min-width: 0; }
section.tag > h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; text-transform: capitalize; }
article.operation { margin: 1.5rem 0 2.5rem; }
article.operation h3 { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }
.summary { margin: .25rem 0; font-weight: 600; }
.access, .type { color: var(--muted); margin: .25rem 0; }
.method { display: inline-block; min-width: 4.2em; text-align: center; border-radius: 3px; padding: 0 .3em; color: #fff; font: 600 .75rem/1.6 ui-monospace, monospace; }
.method-get { background: var(--get); } .method-post { background: var(--post); } .method-put { background: var(--put); } .method-patch { background: var(--patch); } .method-delete { background: var(--delete); }
details { margin: .5rem 0; } summary { cursor: pointer; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .3rem .5rem; }
th { font-weight: 600; color: var(--muted); }
td ul { margin: 0; padding-left: 1rem; }
table.fields table.fields { margin-top: .4rem; }
.status-2 { color: var(--get); font-weight: 600; } .status-4, .status-5 { color: var(--delete); font-weight: 600; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
@media (max-width: 50rem) { body { display: block; } nav { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); } }
`;
