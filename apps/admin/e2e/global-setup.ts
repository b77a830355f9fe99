import { buildAdmin } from './screenshots.ts';

/** Builds the back office once before its browser tests (they serve apps/admin/dist). */
export default async function setup(): Promise<void> {
  await buildAdmin();
}
