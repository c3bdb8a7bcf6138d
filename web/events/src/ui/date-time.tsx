const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A point in time in the user's locale and time zone; the ISO value shows on hover (and is the `datetime`). */
export function DateTime({ iso }: { readonly iso: string | null }) {
  if (iso === null) return <span class="muted">unknown</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {FORMAT.format(date)}
    </time>
  );
}
