import { useEffect, useRef } from 'react';
import { createWedgeBuffer } from './barcode-wedge.ts';

function isTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Listens for a keyboard-wedge scanner anywhere on the screen while `active`. Keys typed into a
 * text field belong to that field (the search box handles its own Enter), so they are skipped.
 */
export function useBarcodeWedge(active: boolean, onScan: (code: string) => void): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    if (!active) return;
    const buffer = createWedgeBuffer();
    const onKey = (e: KeyboardEvent): void => {
      if (isTextField(e.target) || e.ctrlKey || e.altKey || e.metaKey) return;
      const code = buffer.feed(e.key, e.timeStamp);
      if (code !== null) {
        e.preventDefault();
        handler.current(code);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);
}
