/** One figure with its label (the dashboard's and the sales list's totals). */
export function Tile({
  label,
  value,
  testId,
}: {
  readonly label: string;
  readonly value: string;
  readonly testId?: string;
}) {
  return (
    <div className="tile" data-testid={testId}>
      <span className="tile__label">{label}</span>
      <strong className="tile__value">{value}</strong>
    </div>
  );
}
