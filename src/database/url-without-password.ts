/**
 * A database URL as it may be shown to an operator: the same URL without its password.
 *
 * Anything but a `mysql://` URL is shown as `<not a mysql:// URL>`, since it may hold a password in any form
 * (`root:secret@db` parses as a URL of the scheme `root:`).
 */
export function urlWithoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'mysql:') return '<not a mysql:// URL>';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<not a mysql:// URL>';
  }
}
