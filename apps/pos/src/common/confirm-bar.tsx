/** What a confirm bar asks, and what its two answers are called and do. */
export interface ConfirmBarProps {
  readonly message: string;
  readonly yesLabel: string;
  readonly noLabel: string;
  /** `data-testid` of the yes button. */
  readonly yesTestId: string;
  readonly onYes: () => void;
  readonly onNo: () => void;
}

/** An inline "are you sure?" before a destructive action: the yes button is the danger one. */
export function ConfirmBar({ message, yesLabel, noLabel, yesTestId, onYes, onNo }: ConfirmBarProps) {
  return (
    <div className="confirm" role="alertdialog">
      <span>{message}</span>
      <button type="button" className="danger" data-testid={yesTestId} onClick={onYes}>
        {yesLabel}
      </button>
      <button type="button" onClick={onNo}>
        {noLabel}
      </button>
    </div>
  );
}
