/**
 * A database URL as it may be shown to an operator: the same URL without its password.
 *
 * A string that is not a URL is returned as `<not a URL>`, since it may hold a password in any form.
 */
export function urlWithoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<not a URL>';
  }
}
