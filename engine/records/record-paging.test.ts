import { decodeCursor, encodeCursor, pageSize, parseSort, type SortColumn } from './record-paging.js';

const ID = '01900000-0000-7000-8000-000000000001';
const TEXT: SortColumn = { expression: 'r.updated_at', kind: 'text', isNullable: false };
const NULLABLE_NUMBER: SortColumn = { expression: 'sv.value_num', kind: 'number', isNullable: true };
const forge = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('record paging', () => {
  it('reads sort keys and their direction, refusing anything else', () => {
    expect(parseSort(undefined, '-updatedAt')).toEqual({ key: '-updatedAt', direction: 'desc', base: 'updatedAt' });
    expect(parseSort('fields.priority', '-updatedAt')).toEqual({ key: 'fields.priority', direction: 'asc', base: 'fields.priority', field: 'priority' });
    for (const bad of ['title', 'r.id', 'fields.', 'fields.a.b', '--number', 'number desc', 7]) {
      expect(() => parseSort(bad, '-updatedAt')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    }
  });

  it('round-trips a cursor and refuses one that was altered or made for another sort', () => {
    const sort = parseSort('-updatedAt', '-updatedAt');
    const cursor = encodeCursor(sort, { value: '2026-03-02T08:00:00.000Z', id: ID });
    expect(decodeCursor(cursor, sort, TEXT)).toEqual({ value: '2026-03-02T08:00:00.000Z', id: ID });

    const priority = parseSort('fields.priority', '-updatedAt');
    expect(decodeCursor(encodeCursor(priority, { value: null, id: ID }), priority, NULLABLE_NUMBER)).toEqual({ value: null, id: ID });
    const refused = [
      `${cursor}=`,
      `${cursor.slice(0, 10)}*${cursor.slice(11)}`,
      forge('not json'),
      forge([1, 2]),
      forge({ k: '-updatedAt', v: 5, i: ID }),
      forge({ k: '-updatedAt', v: null, i: ID }),
      forge({ k: 'updatedAt', v: 'x', i: ID }),
      forge({ k: '-updatedAt', v: 'x', i: 'abc' }),
      forge({ k: '-updatedAt', v: 'x', i: ID, extra: true }),
      'x'.repeat(3000),
      '',
    ];
    for (const bad of refused) expect(() => decodeCursor(bad, sort, TEXT)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => decodeCursor(encodeCursor(priority, { value: 'high', id: ID }), priority, NULLABLE_NUMBER)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('limits the page size', () => {
    expect(pageSize(undefined, 50, 200)).toBe(50);
    expect(pageSize('20', 50, 200)).toBe(20);
    for (const bad of [0, 201, 2.5, '-1', 'ten', null as never]) {
      if (bad === null) continue;
      expect(() => pageSize(bad, 50, 200)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    }
  });
});
