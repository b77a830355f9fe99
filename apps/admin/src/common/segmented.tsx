/** One choice of a few, as a row of buttons (the dashboard's 7/30 days, the sales list's all/flagged). */
export interface SegmentedOption {
  readonly label: string;
  readonly on: boolean;
  readonly onSelect: () => void;
  readonly testId?: string;
}

export function Segmented({ options }: { readonly options: readonly SegmentedOption[] }) {
  return (
    <div className="segmented" role="group">
      {options.map((o) => (
        <button
          key={o.label}
          type="button"
          className={o.on ? 'on' : ''}
          aria-pressed={o.on}
          onClick={o.onSelect}
          data-testid={o.testId}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
