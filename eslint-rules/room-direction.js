// ESLint rule: imports between rooms follow designer → runtime → catalog → engine → plugins,
// go through the target room's index.ts, and nothing imports definitions/ (bundles are data).
// runtime/ has entry points for browser code too, runtime/web/index.ts and runtime/web/forms.ts
// (the form renderer, apart so it loads only where forms are rendered): the designer is a web app.
import path from 'node:path';

/** Each room may import the rooms listed for it (directly or through the chain), nothing else. */
export const ALLOWED_IMPORTS = {
  designer: ['runtime', 'catalog', 'engine', 'plugins'],
  runtime: ['catalog', 'engine', 'plugins'],
  catalog: ['engine', 'plugins'],
  engine: ['plugins'],
  plugins: [],
};
const ENTRY_POINTS = /^(index|web[/\\](index|forms))\.(js|ts)$/;
const ROOMS = new Set([...Object.keys(ALLOWED_IMPORTS), 'definitions']);

function roomOf(file, root) {
  const relative = path.relative(root, file);
  if (relative.startsWith('..')) return undefined;
  const first = relative.split(path.sep)[0];
  return ROOMS.has(first) ? { room: first, rest: relative.slice(first.length + 1) } : undefined;
}

export const roomDirectionRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports between rooms follow the room direction and go through index.ts' },
    messages: {
      against: '{{from}}/ may not import {{to}}/ (rooms import designer → runtime → catalog → engine → plugins)',
      definitions: 'nothing imports definitions/: bundles are data loaded at run time',
      notIndex: 'import {{to}}/ through its index.ts, not {{target}}',
    },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const source = roomOf(context.filename, root);
    if (!source || source.room === 'definitions') return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = roomOf(path.resolve(path.dirname(context.filename), specifier), root);
      if (!target || target.room === source.room) return;
      if (target.room === 'definitions') return context.report({ node, messageId: 'definitions' });
      if (!ALLOWED_IMPORTS[source.room].includes(target.room)) {
        return context.report({ node, messageId: 'against', data: { from: source.room, to: target.room } });
      }
      if (!ENTRY_POINTS.test(target.rest)) {
        context.report({ node, messageId: 'notIndex', data: { to: target.room, target: specifier } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const flowdeskPlugin = { rules: { 'room-direction': roomDirectionRule } };
