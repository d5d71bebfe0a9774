/** The assumptions that turn docs/domain/load-figures.md's daily figure into a peak rate. */
export interface NationalPeakAssumptions {
  /** Qualifications a calendar day (docs/domain/load-figures.md: about 8.0 million). */
  perDay: number;
  /** Hours of counter time the day's load falls in (ASSUMED: about 8). */
  counterHours: number;
  /** Busiest moment over the counter-hours mean (ASSUMED: the morning rush when clinics open). */
  peakFactor: number;
}

/** The national peak rate and how it was derived. */
export interface NationalPeak extends NationalPeakAssumptions {
  /** Qualifications per second at the peak. */
  perSecond: number;
  /** The derivation, one step a line. */
  derivation: string[];
}

/** docs/domain/load-figures.md, July 2025: online qualifications in the month (all facility types). */
const JULY_2025_TOTAL = 248_498_271;

/** The defaults: 8.0 M a day, 8 counter hours, peak factor 3 (the last two are assumptions, printed as such). */
export const DEFAULT_NATIONAL_PEAK: NationalPeakAssumptions = { perDay: 8_000_000, counterHours: 8, peakFactor: 3 };

const n = (v: number, digits = 0): string => v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Derives the national peak qualification rate from docs/domain/load-figures.md and the stated assumptions. */
export function nationalPeak(assumptions: NationalPeakAssumptions = DEFAULT_NATIONAL_PEAK): NationalPeak {
  const { perDay, counterHours, peakFactor } = assumptions;
  const mean = perDay / (counterHours * 3600);
  const perSecond = mean * peakFactor;
  return {
    ...assumptions,
    perSecond,
    derivation: [
      `docs/domain/load-figures.md: about ${n(perDay / 1e6, 1)} million qualifications a calendar day (cross-check: July 2025 total ${n(JULY_2025_TOTAL)} / 31 days = ${n(JULY_2025_TOTAL / 31 / 1e6, 2)} million)`,
      `over 24 h that is ${n(perDay / 86_400, 1)}/s; assumed to fall in ~${n(counterHours)} counter hours: ${n(perDay)} / (${n(counterHours)} × 3,600 s) = ${n(mean, 1)}/s`,
      `× peak factor ${n(peakFactor, 1)} (assumed: the morning rush when clinics and pharmacies open) = ${n(perSecond)} qualifications/s at the national peak`,
    ],
  };
}
