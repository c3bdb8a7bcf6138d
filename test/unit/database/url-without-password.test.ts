import { describe, expect, it } from 'vitest';

import { urlWithoutPassword } from '../../../src/database/url-without-password.js';

describe('urlWithoutPassword', () => {
  it('drops the password and keeps everything else', () => {
    expect(urlWithoutPassword('mysql://cg:s%40cret@db.example:3307/cellgate_cell1')).toBe(
      'mysql://cg@db.example:3307/cellgate_cell1',
    );
    expect(urlWithoutPassword('mysql://root@127.0.0.1:3306')).toBe('mysql://root@127.0.0.1:3306');
  });

  it('shows nothing of a string that is not a URL, since it may hold a password anywhere', () => {
    expect(urlWithoutPassword('root:secret@db')).toBe('<not a mysql:// URL>');
    expect(urlWithoutPassword('secret')).toBe('<not a mysql:// URL>');
  });
});
