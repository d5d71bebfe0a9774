import { CARD_ENTRIES } from "./entries/card-entries.ts";
import { COUNTER_SETUP_ENTRIES } from "./entries/counter-setup-entries.ts";
import { PHONE_LIFE_CYCLE_ENTRIES } from "./entries/phone-life-cycle-entries.ts";
import { PHONE_OPERATION_ENTRIES } from "./entries/phone-operation-entries.ts";
import { RADIO_AND_HOST_ENTRIES } from "./entries/radio-and-host-entries.ts";
import type { ScenarioEntry } from "./scenario-entry.ts";

/** Every catalogue entry, in a stable order; ids are unique (checked by test/scenarios). */
export const CATALOGUE: readonly ScenarioEntry[] = Object.freeze([
  ...PHONE_OPERATION_ENTRIES,
  ...PHONE_LIFE_CYCLE_ENTRIES,
  ...COUNTER_SETUP_ENTRIES,
  ...CARD_ENTRIES,
  ...RADIO_AND_HOST_ENTRIES,
]);

/** The entry with `id`, or undefined. */
export function findScenario(id: string): ScenarioEntry | undefined {
  return CATALOGUE.find((e) => e.id === id);
}
