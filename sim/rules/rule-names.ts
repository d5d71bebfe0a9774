/**
 * The rules of the simulated system that a scenario catalogue relies on, by stable name. Each rule is on in the real
 * system; a {@link RuleSwitchboard} can switch one off (or "break" it) to show that the catalogue notices.
 * Each entry names the docs/domain page that states the rule.
 */
export const RULES = {
  "phone-no-grace": "a phone certificate has no grace after expiry (the card has 3 months): docs/domain/rules.md#certificate-expiry",
  "one-phone-per-person": "adding the card to a new phone makes the old one unusable: docs/domain/rules.md#one-phone-per-person",
  "one-person-per-phone": "only one person's card can be added to a phone: docs/domain/rules.md#one-person-per-phone",
  "under-15-refused": "under 15 the card cannot be added to a phone: docs/domain/rules.md#age",
  "usage-counted-only-on-success": "only an answered online qualification counts towards the usage rate: docs/domain/rules.md#usage-rate-credit",
  "phone-button-needs-general-purpose-reader": "「スマートフォンを利用する」 shows only with a general-purpose reader set up (not Canon): docs/domain/counter-flow.md#phone-button",
  "listed-general-purpose-reader-only": "the general-purpose reader must be a model listed for the face-auth reader: docs/domain/rules.md#general-purpose-reader",
  "challenge-single-use": "the service accepts a challenge once (a replayed signature is refused): docs/domain/rules.md (modelled)",
  "guidance-on-premature-tap": "a phone held before the button gets the 「先に画面の…を押してください」 guidance: docs/domain/pilot-findings.md#staff-feedback",
  "iphone-authorisation-window": "an iPhone answers only inside the window opened by Face ID / Touch ID: docs/domain/counter-flow.md#identity-check (modelled)",
} as const;

/** The name of a switchable rule. */
export type RuleName = keyof typeof RULES;

/** Every rule name, in declaration order. */
export const RULE_NAMES: readonly RuleName[] = Object.freeze(Object.keys(RULES) as RuleName[]);

/** Whether `name` is a rule name. */
export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(RULES, name);
}
