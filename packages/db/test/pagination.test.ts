import { z } from 'zod';
import { decodeCursor, encodeCursor, idCursor, newId, pageOf, toPage } from '../src';

describe('pagination', () => {
  it('round-trips an id through its cursor and refuses anything else', () => {
    const id = newId('evt');
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(decodeCursor(encodeCursor('not an id'))).toBeUndefined();
    expect(decodeCursor('%%%')).toBeUndefined();
  });

  it('keeps limit rows and points the cursor after the last one when another page exists', () => {
    const rows = [newId('sub'), newId('sub'), newId('sub')].map((id) => ({ id }));
    const page = toPage(rows, 2, (row) => row.id, idCursor);
    expect(page.data).toEqual([rows[0]!.id, rows[1]!.id]);
    expect(decodeCursor(page.nextCursor!)).toBe(rows[1]!.id);
  });

  it('has no next cursor on the last page', () => {
    const rows = [{ id: newId('sub') }];
    expect(toPage(rows, 2, (row) => row.id, idCursor)).toEqual({
      data: [rows[0]!.id],
      nextCursor: null,
    });
  });

  it('describes a page of any item with one schema', () => {
    const Page = pageOf(z.object({ n: z.number() }));
    expect(Page.parse({ data: [{ n: 1 }], nextCursor: null })).toEqual({
      data: [{ n: 1 }],
      nextCursor: null,
    });
    expect(Page.safeParse({ data: [{ n: '1' }], nextCursor: null }).success).toBe(false);
  });
});
