import { z } from 'zod';

/** `HH:MM`, 24-hour, in the branch's time zone. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time: HH:MM');

/** One day's opening hours; `close` before `open` means the shop closes after midnight. */
export const OpeningHours = z.object({ open: TimeOfDay, close: TimeOfDay });

/**
 * A week of opening hours, Monday (index 0) to Sunday (index 6); null is closed that day. Alerts
 * use it ("a device not seen during the branch's opening hours").
 */
export const WeeklyHours = z.array(OpeningHours.nullable()).length(7);
export type WeeklyHours = z.infer<typeof WeeklyHours>;
