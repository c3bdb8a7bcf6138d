/**
 * Says that an answer is partial (CONTRACT section 3: an unreachable cell is reported in data, not as an error),
 * and, to admins, which cells did not answer. Members are not told cell names: topology is hidden from them.
 */
export function PartialNotice({
  what,
  unreachableCells,
}: {
  /** What is incomplete, e.g. "This list". */
  readonly what: string;
  readonly unreachableCells: readonly string[] | null;
}) {
  const names = unreachableCells ?? [];
  return (
    <div class="notice notice-warning" role="status">
      <p>
        <strong>{what} is partial:</strong> some cells did not answer, so messages stored there are missing.
      </p>
      {names.length > 0 && (
        <p>
          Cells that did not answer:{' '}
          {names.map((name, index) => (
            <span key={name}>
              {index > 0 && ', '}
              <strong class="cell-name">{name}</strong>
            </span>
          ))}
          .
        </p>
      )}
    </div>
  );
}
