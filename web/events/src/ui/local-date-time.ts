/**
 * Converts between ISO 8601 UTC (what the API and the page's URL carry) and the value of an
 * `<input type="datetime-local">` (wall-clock time of the user's time zone, `YYYY-MM-DDTHH:mm:ss`).
 */
export const localDateTime = {
  /** `''` for `null`. */
  fromIso(iso: string | null): string {
    if (iso === null) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const pad = (value: number) => String(value).padStart(2, '0');
    return (
      `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
      `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    );
  },
  /** `null` for an empty or unreadable value. */
  toIso(value: string): string | null {
    if (value.trim() === '') return null;
    // A string without a zone is local time for `Date` (ECMA-262 Date Time String Format).
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  },
};
