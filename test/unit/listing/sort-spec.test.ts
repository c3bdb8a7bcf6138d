import { describe, expect, it } from 'vitest';

import { MESSAGE_SORT } from '../../../src/listing/list-messages.js';
import { SERVER_SORT } from '../../../src/listing/list-servers.js';
import { SHARE_SORT } from '../../../src/listing/list-shares.js';
import { resolveSort } from '../../../src/listing/sort-spec.js';

describe('resolveSort', () => {
  it('defaults to CREATED_AT DESC, ID DESC', () => {
    expect(resolveSort(undefined, SERVER_SORT)).toEqual([
      { column: 'created_at', direction: 'desc' },
      { column: 'uuid', direction: 'desc' },
    ]);
    expect(resolveSort([], SERVER_SORT)).toEqual(resolveSort(null, SERVER_SORT));
  });

  it('ends an explicit server sort with ID ASC, as Nova appends uuid asc, and defaults a direction to DESC', () => {
    expect(resolveSort([{ key: 'NAME', direction: 'DESC' }], SERVER_SORT)).toEqual([
      { column: 'display_name', direction: 'desc' },
      { column: 'uuid', direction: 'asc' },
    ]);
    expect(resolveSort([{ key: 'NAME', direction: 'ASC' }, { key: 'STATUS' }], SERVER_SORT)).toEqual([
      { column: 'display_name', direction: 'asc' },
      { column: 'vm_state', direction: 'desc' },
      { column: 'uuid', direction: 'asc' },
    ]);
  });

  it('ends an explicit share or message sort with the id in the first key direction (oslo.db, Cinder)', () => {
    expect(resolveSort([{ key: 'NAME', direction: 'DESC' }], SHARE_SORT)).toEqual([
      { column: 'name', direction: 'desc' },
      { column: 'uuid', direction: 'desc' },
    ]);
    expect(resolveSort([{ key: 'CREATED_AT', direction: 'ASC' }], MESSAGE_SORT)).toEqual([
      { column: 'created_at', direction: 'asc' },
      { column: 'id', direction: 'asc' },
    ]);
  });

  it('keeps an explicit id key where it is given', () => {
    expect(resolveSort([{ key: 'ID', direction: 'ASC' }], SERVER_SORT)).toEqual([
      { column: 'uuid', direction: 'asc' },
    ]);
  });

  it('expands EVENT_ID into resource type, action and detail, without repeating columns', () => {
    expect(
      resolveSort(
        [
          { key: 'ACTION_ID', direction: 'ASC' },
          { key: 'EVENT_ID', direction: 'DESC' },
        ],
        MESSAGE_SORT,
      ),
    ).toEqual([
      { column: 'action_id', direction: 'asc' },
      { column: 'resource_type', direction: 'desc' },
      { column: 'detail_id', direction: 'desc' },
      { column: 'id', direction: 'asc' },
    ]);
  });

  it('rejects a repeated key with BAD_USER_INPUT', () => {
    expect(() => resolveSort([{ key: 'NAME' }, { key: 'NAME', direction: 'ASC' }], SERVER_SORT)).toThrow(
      expect.objectContaining({
        message: 'Sort key NAME is given more than once.',
        extensions: { code: 'BAD_USER_INPUT', field: 'sort' },
      }),
    );
  });
});
