import type { RequirementResult } from "../run/requirement-result.ts";
import type { Role } from "../requirements/requirement.ts";
import { xmlEscape } from "./xml-escape.ts";

const ROLES: readonly Role[] = ["host", "facr", "oqs-client"];

function details(r: RequirementResult): string {
  const lines = [r.message, "", `method: ${r.method}`, ...r.sources.map((s) => `source: ${s.page} — ${s.reference}`)];
  for (const e of r.evidence) lines.push("", `[${e.scenario} / ${e.channel}]`, ...e.excerpt);
  return lines.join("\n");
}

function testcase(r: RequirementResult): string {
  const open = `    <testcase classname="myna-hil.conformance.${r.role}" name="${xmlEscape(`${r.id} ${r.statement}`)}" time="0">`;
  let body = "";
  if (r.verdict === "fail" && r.expected) body = `\n      <skipped message="${xmlEscape(`known failure: ${r.expected.reason} — ${r.message}`)}"/>`;
  else if (r.verdict === "fail") body = `\n      <failure message="${xmlEscape(r.message)}" type="fail">${xmlEscape(details(r))}</failure>`;
  else if (r.verdict === "error") body = `\n      <error message="${xmlEscape(r.message)}" type="harness-error">${xmlEscape(details(r))}</error>`;
  else if (r.verdict === "not_applicable") body = `\n      <skipped message="${xmlEscape(`not applicable: ${r.message}`)}"/>`;
  else if (r.verdict === "inconclusive") body = `\n      <skipped message="${xmlEscape(`inconclusive: ${r.message}`)}"/>`;
  return `${open}${body}${body ? "\n    " : ""}</testcase>`;
}

/** JUnit XML for CI: one testsuite per role, one testcase per requirement (not applicable / inconclusive / known failures as skipped). */
export function junitReport(results: readonly RequirementResult[], meta: { name: string; timestamp: string; seconds: number }): string {
  const count = (rs: readonly RequirementResult[]) => ({
    tests: rs.length,
    failures: rs.filter((r) => r.verdict === "fail" && !r.expected).length,
    errors: rs.filter((r) => r.verdict === "error").length,
    skipped: rs.filter((r) => r.verdict === "not_applicable" || r.verdict === "inconclusive" || (r.verdict === "fail" && r.expected)).length,
  });
  const all = count(results);
  const suites = ROLES.map((role) => {
    const rs = results.filter((r) => r.role === role);
    const c = count(rs);
    return `  <testsuite name="${xmlEscape(`${meta.name} ${role}`)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" timestamp="${meta.timestamp}" time="0">\n${rs.map(testcase).join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(meta.name)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${meta.seconds.toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}
