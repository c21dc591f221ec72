import { types } from 'node:util';
import { FORBIDDEN_NAMES } from './expression-ast.js';
import { expressionError } from './expression-error.js';

/**
 * What an expression may see: strings, numbers, booleans, null, and plain objects and arrays.
 * Everything else — functions, class instances, Dates, Maps, proxies, symbols, bigints — reads
 * as undefined, so no value an expression yields can be called or can run code when used.
 */
export function asData(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      return value === null || isDataContainer(value) ? value : undefined;
    default:
      return undefined;
  }
}

/**
 * Reads one property as data. Only own data properties of plain objects and arrays, and the
 * characters and length of strings; getters are never invoked (the property descriptor is read,
 * not the property), inherited properties do not exist, a missing container gives undefined.
 * @throws FlowdeskError EXPRESSION_FORBIDDEN for constructor, __proto__ and prototype.
 */
export function readProperty(container: unknown, key: unknown): unknown {
  if (typeof key !== 'string' && typeof key !== 'number') return undefined;
  const name = String(key);
  if (FORBIDDEN_NAMES.has(name)) throw expressionError('EXPRESSION_FORBIDDEN', `"${name}" is not accessible in expressions`);
  if (typeof container === 'string') return readString(container, name);
  if (typeof container !== 'object' || container === null || !isDataContainer(container)) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(container, name);
  return descriptor && 'value' in descriptor ? asData(descriptor.value) : undefined;
}

function readString(text: string, name: string): unknown {
  if (name === 'length') return text.length;
  return /^(0|[1-9]\d*)$/.test(name) ? text[Number(name)] : undefined;
}

/** Arrays and objects whose prototype is null or a root prototype (Object.prototype of any realm). */
function isDataContainer(value: object): boolean {
  // Checked first: a proxy's traps would run on the checks below.
  if (types.isProxy(value)) return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
