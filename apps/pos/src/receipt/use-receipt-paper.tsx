import { useEffect, useRef, useState, type ReactElement, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { PaperWidth } from '../settings/settings.ts';

/** What a receipt screen needs to print its receipt as one strip of paper in the browser. */
export interface ReceiptPaper {
  /** Put on the element that holds the receipt: its height is the page's. */
  readonly paper: RefObject<HTMLDivElement | null>;
  /** The `@page` rule for the receipt's width and measured height. */
  readonly pageStyle: ReactElement;
  /** Measures the receipt again and applies it now: call right before the browser's print dialog. */
  readonly measureNow: () => void;
}

const heightOf = (el: HTMLElement): number => Math.ceil((el.getBoundingClientRect().height * 25.4) / 96) + 4;

/**
 * Chromium ignores `size: 58mm auto` (a saved PDF came out Letter, issue 15.6): the page gets the
 * receipt's measured height instead, so browser print and "Save as PDF" are one strip. Shared by the
 * sale's and the refund's receipt screens.
 */
export function useReceiptPaper(paperWidth: PaperWidth): ReceiptPaper {
  const paper = useRef<HTMLDivElement>(null);
  const [heightMm, setHeightMm] = useState(200);
  useEffect(() => {
    const el = paper.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // No measurement here: reading the height would lay the page out before the receipt is first
    // painted (on the sale's path). The observer reports the size once laid out, and measureNow
    // measures again right before the browser's dialog.
    const ro = new ResizeObserver(() => setHeightMm(heightOf(el)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return {
    paper,
    pageStyle: <style>{`@page { size: ${paperWidth}mm ${heightMm}mm; margin: 0; }`}</style>,
    measureNow: () => {
      // The height as it is now (the observer's report may not have come yet right after the sale).
      const el = paper.current;
      if (el) flushSync(() => setHeightMm(heightOf(el)));
    },
  };
}
