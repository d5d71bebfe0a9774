/** A counter: a face-auth reader, the qualification terminal and where the patient holds things (composition only). */
export { consentChoice, CounterStation, type CounterStationOptions, type ReaderRegistry } from "./counter-station.ts";
