import type { Snack } from './snackbar-queue.ts';

/** The snack stack at the bottom of the screen (announced politely to screen readers). */
export function Snackbars({ snacks }: { readonly snacks: readonly Snack[] }) {
  return (
    <div className="snackbars" role="status" aria-live="polite" data-testid="snackbars">
      {snacks.map((s) => (
        <div key={s.id} className={`snack snack--${s.kind}`}>
          {s.render(s.count)}
        </div>
      ))}
    </div>
  );
}
