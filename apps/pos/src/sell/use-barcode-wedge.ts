import { useEffect, useRef, type RefObject } from 'react';
import { createWedgeBuffer } from './barcode-wedge.ts';

type Field = HTMLInputElement | HTMLTextAreaElement;

function textFieldOf(target: EventTarget | null): Field | null {
  if (target instanceof HTMLTextAreaElement) return target;
  if (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type))
    return target;
  return null;
}

const SCAN_KEY = /^[0-9A-Za-z\-.]$/;
/**
 * Inside a text field a key is held back this long to see whether a burst follows. A wedge scanner
 * sends a key every few ms; a person's keys in one box (digits of a quantity or an amount) come
 * about 100 ms or more apart, so a typist never waits noticeably and a scan's keys never reach the
 * field. The margin also absorbs a busy main thread delaying a scanner's keys.
 */
const FIELD_GAP_MS = 80;
/** Shortest code a burst in a field must have to be a scan (as the wedge buffer's default). */
const MIN_CODE = 4;

/**
 * Listens for a keyboard-wedge scanner (fast keys + Enter) anywhere while `active`, including
 * while a text field has focus (issue 15: a scan into the quantity or discount box used to type the
 * barcode into it). Outside fields keys are only watched. Inside a field each scan-like key is held
 * back for FIELD_GAP_MS: when no further key follows quickly it is typed into the field (as the
 * person meant), and when the burst ends in Enter the held keys are dropped and the code is a scan.
 * Listening in the capture phase puts this ahead of every field's own key handler.
 *
 * `screen` is the element of the screen that takes the scans: while it sits under a modal (an
 * ancestor is `inert`, e.g. the PIN sign-in of issue 13) keys belong to the modal and nothing is
 * scanned into the cart behind it.
 */
export function useBarcodeWedge(
  active: boolean,
  onScan: (code: string) => void,
  screen?: RefObject<HTMLElement | null>,
): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    if (!active) return;
    const buffer = createWedgeBuffer();
    let held: { field: Field; text: string } | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastFieldKey = -Infinity;

    const flush = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const h = held;
      held = null;
      if (h === null || h.text === '' || document.activeElement !== h.field) return;
      // insertText types as the person would: it replaces a selection, moves the caret, and
      // fires the input event React listens to.
      document.execCommand('insertText', false, h.text);
    };
    const drop = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      held = null;
    };

    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
      if (screen?.current?.closest('[inert]')) return;
      const field = textFieldOf(e.target);
      if (field === null) {
        const code = buffer.feed(e.key, e.timeStamp);
        if (code !== null) {
          e.preventDefault();
          handler.current(code);
        }
        return;
      }
      buffer.reset();
      const quick = e.timeStamp - lastFieldKey <= FIELD_GAP_MS;
      if (
        e.key === 'Enter' &&
        quick &&
        held !== null &&
        held.field === field &&
        held.text.length >= MIN_CODE
      ) {
        // The field never saw these keys nor sees this Enter: it is a scan, not typing.
        e.preventDefault();
        e.stopPropagation();
        const code = held.text;
        drop();
        lastFieldKey = -Infinity;
        handler.current(code);
        return;
      }
      if (!SCAN_KEY.test(e.key)) {
        // Backspace, arrows, Enter of a person: what was held goes in first, in order.
        flush();
        return;
      }
      e.preventDefault();
      lastFieldKey = e.timeStamp;
      if (!quick || held === null || held.field !== field) {
        flush();
        held = { field, text: '' };
      }
      held.text += e.key;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(flush, FIELD_GAP_MS);
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      flush();
    };
  }, [active, screen]);
}
