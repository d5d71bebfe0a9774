import type { RequirementResult, VerdictSummary } from "../run/requirement-result.ts";
import { xmlEscape as h } from "./xml-escape.ts";

/** What the page says about the run besides the results. */
export interface HtmlMeta {
  title: string;
  dut: string;
  profile: string;
  seed: string;
  start: string;
  end: string;
  /** Path from the report folder to the repository root, for links to docs/domain pages. */
  sourceBase: string;
  mutants?: { killed: number; total: number; results: { id: string; kills: string; killed: boolean; verdict: string }[] };
}

const VERDICTS = ["pass", "fail", "inconclusive", "not_applicable", "error"] as const;

function evidenceBlock(r: RequirementResult, base: string): string {
  const parts = r.evidence.map(
    (e) => `<div class="ev"><div class="evh">${h(e.scenario)} · ${h(e.channel)} · <a href="scenarios/${encodeURIComponent(e.scenario)}/apdu-trace.txt">full trace</a></div><pre>${h(e.excerpt.join("\n"))}</pre></div>`,
  );
  return `<section class="detail" id="detail-${h(r.id)}"><h3>${h(r.id)} <span class="v ${r.verdict}">${h(r.verdict)}</span></h3><p>${h(r.statement)}</p><p><b>Why:</b> ${h(r.message)}</p>${r.expected ? `<p><b>Known failure:</b> ${h(r.expected.reason)}</p>` : ""}<p><b>Judged by:</b> ${h(r.method)}</p><ul class="src">${r.sources.map((s) => `<li><a class="source" href="${h(`${base}/${s.page}`)}">${h(s.page)}</a> — ${h(s.reference)}</li>`).join("")}</ul>${parts.join("")}</section>`;
}

/**
 * A single static page a person reads at a glance: the counts, requirements × verdict with a filter by role and verdict
 * (a little inline JS), and for each failure its trace excerpt and its sources.
 */
export function htmlReport(results: readonly RequirementResult[], summary: VerdictSummary, meta: HtmlMeta): string {
  const rows = results
    .map(
      (r) =>
        `<tr data-role="${r.role}" data-verdict="${r.verdict}"><td><a href="#detail-${h(r.id)}">${h(r.id)}</a></td><td>${h(r.role)}</td><td><span class="v ${r.verdict}">${h(r.verdict)}${r.expected ? " (known)" : ""}</span></td><td>${h(r.statement)}</td><td>${r.verdict === "pass" ? "" : h(r.message)}</td></tr>`,
    )
    .join("\n");
  const counts = VERDICTS.map((v) => `<span class="count v ${v}" id="count-${v}" data-count="${summary[v]}">${v.replace("_", " ")}: ${summary[v]}</span>`).join(" ");
  const details = results.filter((r) => r.verdict !== "pass").map((r) => evidenceBlock(r, meta.sourceBase)).join("\n");
  const mutants = meta.mutants
    ? `<h2>Mutants: <span id="mutation-score">${meta.mutants.killed}/${meta.mutants.total}</span> killed</h2><table><tr><th>mutant</th><th>must fail</th><th>verdict</th><th>killed</th></tr>${meta.mutants.results.map((m) => `<tr><td>${h(m.id)}</td><td>${h(m.kills)}</td><td>${h(m.verdict)}</td><td>${m.killed ? "yes" : "NO"}</td></tr>`).join("")}</table>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${h(meta.title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
.v{padding:1px 6px;border-radius:3px;font-weight:600}.pass{background:#d4f4d4}.fail{background:#f8c8c8}.inconclusive{background:#fde9b8}.not_applicable{background:#e6e6e6}.error{background:#e0c8f8}
.count{margin-right:.6em}pre{background:#f6f6f6;padding:6px;overflow:auto;font-size:12px}.detail{border-top:1px solid #ddd;margin-top:1em}.evh{font-size:12px;color:#555}
</style></head><body>
<h1>${h(meta.title)}</h1>
<p>DUT <b id="dut">${h(meta.dut)}</b> · profile ${h(meta.profile)} · seed <code>${h(meta.seed)}</code> · ${h(meta.start)} → ${h(meta.end)}</p>
<p id="summary" data-tests="${summary.tests}">${summary.tests} requirements: ${counts}</p>
${mutants}
<p>Filter: role <select id="role"><option value="">all</option><option>host</option><option>facr</option><option>oqs-client</option></select>
verdict <select id="verdict"><option value="">all</option>${VERDICTS.map((v) => `<option>${v}</option>`).join("")}</select> <span id="shown"></span></p>
<table id="results"><thead><tr><th>ID</th><th>role</th><th>verdict</th><th>requirement</th><th>why</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Details of every verdict other than pass</h2>
${details || "<p>None: every applicable requirement passed.</p>"}
<script>
(function(){var role=document.getElementById('role'),verdict=document.getElementById('verdict'),shown=document.getElementById('shown');
function apply(){var n=0;document.querySelectorAll('#results tbody tr').forEach(function(tr){var ok=(!role.value||tr.dataset.role===role.value)&&(!verdict.value||tr.dataset.verdict===verdict.value);tr.style.display=ok?'':'none';if(ok)n++;});shown.textContent=n+' shown';}
role.addEventListener('change',apply);verdict.addEventListener('change',apply);apply();})();
</script>
</body></html>
`;
}
