import type { tillId } from './till-id.ts';

/**
 * The English strings have the Indonesian shape, plus an optional `<key>_one` beside any string:
 * English says "1 sale", Indonesian has no plural, and i18next picks `_one` for a count of 1.
 */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & {
  [K in keyof T as T[K] extends string ? `${K & string}_one` : never]?: string;
};

/** Issue 15's texts of the till, in English (same keys as till-id.ts). */
export const tillEn: Shape<typeof tillId> = {
  settings: {
    paperBranch: 'Follow the branch ({{width}} mm)',
    shopWide: 'Shop settings (branch)',
    shopWideHint: 'Set in the back office (Branches → Settings), the same on every till of this branch.',
    rounding: 'Cash rounding',
    noRounding: 'None',
    quantityLimit: 'Quantity limit per line',
    receiptLanguage: 'Receipt language',
    requireShift: 'Shift required',
    discountApproval: 'Discounts need approval above',
    yes: 'Yes',
    no: 'No',
    never: 'Never',
  },
  confirm: {
    quantity: 'Quantity {{quantity}} is above the limit of {{limit}}. Is that right?',
    total: 'The total {{amount}} is far above the usual (more than {{limit}}). Go on to payment?',
    yes: 'Yes, correct',
    no: 'Cancel',
  },
  scan: {
    whilePaying: 'The payment is open: finish it or press Back before adding items.',
    startedSale: 'New sale started with {{name}}',
  },
  phone: {
    cartBar: '{{count}} items · {{amount}}',
    cartBar_one: '{{count}} item · {{amount}}',
    openCart: 'Show cart',
    openCartHeld: 'Show cart · {{count}} on hold',
    closeCart: 'Close cart',
  },
  price: {
    changed: 'Price changed: {{old}} → {{new}}',
    apply: 'Use new price',
    applyAll: 'Use new prices for all ({{count}})',
    banner: '{{count}} items in the cart changed price in the catalog.',
    banner_one: '{{count}} item in the cart changed price in the catalog.',
    negativeStock: 'Stock will go below zero ({{left}}); the sale is still allowed',
  },
  catalog: {
    waiting: 'The catalog is empty. Waiting for the first sync…',
    empty:
      "This shop's catalog is empty. Add products in the back office (Products → Add product or Import CSV); they appear here automatically once saved.",
    cutOff: 'Showing the first {{shown}} results; type more to narrow down.',
    fuzzy: 'Nothing matches exactly; these are close to “{{query}}”.',
  },
  paying: {
    locked: 'The payment is open: products cannot be added. Press Back to change the cart.',
  },
  held: {
    label: 'Customer name or table number',
    labelPlaceholder: 'e.g. Mrs Sari / Table 4',
    hold: 'Hold cart',
    cancel: 'Cancel',
    resumeTitle: 'The open cart has {{count}} items. What should happen to it?',
    resumeTitle_one: 'The open cart has {{count}} item. What should happen to it?',
    holdCurrent: 'Hold this cart first',
    discardCurrent: 'Discard this cart',
    keepCurrent: 'Cancel, stay on this cart',
  },
  history: {
    date: 'Date',
    search: 'Search receipt no. or amount',
    noMatch: 'No matching sales',
    allDates: 'All dates',
  },
};
