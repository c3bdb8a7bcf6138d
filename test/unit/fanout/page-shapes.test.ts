import { describe, expect, it } from 'vitest';

import { PageShapes } from '../../../src/fanout/page-shapes.js';

describe('PageShapes', () => {
  it('gives back what was recorded for a page, the latest read winning', () => {
    const shapes = new PageShapes();
    shapes.record('page', new Map([['cell-a', 3]]));
    shapes.record('page', new Map([['cell-a', 5]]));

    expect(shapes.rowsByCell('page')).toEqual(new Map([['cell-a', 5]]));
    expect(shapes.rowsByCell('another page')).toBeUndefined();
  });

  it('keeps at most maxEntries pages, dropping the least recently used', () => {
    const shapes = new PageShapes(2);
    shapes.record('a', new Map([['cell', 1]]));
    shapes.record('b', new Map([['cell', 2]]));
    shapes.rowsByCell('a'); // a used last: b is now the oldest
    shapes.record('c', new Map([['cell', 3]]));

    expect(['a', 'b', 'c'].map((key) => shapes.rowsByCell(key)?.get('cell'))).toEqual([1, undefined, 3]);
  });
});
