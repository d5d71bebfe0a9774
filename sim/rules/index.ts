/**
 * The rule switchboard: names of the rules the simulated system applies (docs/domain/rules.md and the pages it links)
 * and a {@link RuleSwitchboard} that switches them off one by one, so a scenario catalogue can show it notices a broken
 * rule. A bottom folder: imports no other sim folder.
 */
export { isRuleName, RULE_NAMES, RULES, type RuleName } from "./rule-names.ts";
export { type RuleSettings, RuleSwitchboard, rulesOrDefault } from "./rule-switchboard.ts";
