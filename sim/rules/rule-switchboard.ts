import { isRuleName, RULE_NAMES, type RuleName } from "./rule-names.ts";

/** Which rules are on (true) and off (false); a rule left out is on. */
export type RuleSettings = Readonly<Partial<Record<RuleName, boolean>>>;

/**
 * The rule switchboard: every rule of {@link RULE_NAMES} is on unless switched off by name. Immutable; the parts of
 * the simulated system that apply a rule take an optional switchboard and ask {@link isOn} where the rule is applied
 * (docs/architecture.md: sim/rules is a bottom folder, every sim folder that applies a rule may import it).
 *
 * ```ts
 * const broken = RuleSwitchboard.with({ "phone-no-grace": false });
 * broken.isOn("phone-no-grace"); // false
 * ```
 */
export class RuleSwitchboard {
  /** Every rule on: the real system. */
  static readonly ALL_ON: RuleSwitchboard = new RuleSwitchboard({});
  readonly #settings: Readonly<Record<RuleName, boolean>>;

  private constructor(settings: RuleSettings) {
    const all = {} as Record<RuleName, boolean>;
    for (const name of RULE_NAMES) all[name] = settings[name] ?? true;
    this.#settings = Object.freeze(all);
  }

  /** A switchboard with every rule on except those set to false in `settings`; throws `RangeError` on an unknown name. */
  static with(settings: RuleSettings): RuleSwitchboard {
    for (const name of Object.keys(settings)) if (!isRuleName(name)) throw new RangeError(`unknown rule "${name}" (rules: ${RULE_NAMES.join(", ")})`);
    return new RuleSwitchboard(settings);
  }

  /** The switchboard with one rule switched off. */
  static without(name: RuleName): RuleSwitchboard {
    return RuleSwitchboard.with({ [name]: false });
  }

  /** Whether `name` is on (applied as in the real system). */
  isOn(name: RuleName): boolean {
    return this.#settings[name];
  }

  /** Whether `name` is switched off. */
  isOff(name: RuleName): boolean {
    return !this.#settings[name];
  }

  /** The rules switched off. */
  get off(): RuleName[] {
    return RULE_NAMES.filter((name) => !this.#settings[name]);
  }

  /** This switchboard with `settings` applied on top. */
  with(settings: RuleSettings): RuleSwitchboard {
    return RuleSwitchboard.with({ ...this.#settings, ...settings });
  }

  /** `{ rule: on }` for every rule. */
  toJSON(): Record<RuleName, boolean> {
    return { ...this.#settings };
  }
}

/** `rules` when given, else every rule on. */
export function rulesOrDefault(rules: RuleSwitchboard | undefined): RuleSwitchboard {
  return rules ?? RuleSwitchboard.ALL_ON;
}
