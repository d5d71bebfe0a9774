import type { ScreenMachineDescription, ScreenStateId } from "./screen-machine.ts";

/**
 * Problems in a screen machine description, empty when it is consistent: unknown or duplicate states, transitions to
 * nowhere, undeclared events, guards or actions, states unreachable from the initial one, states with no way out
 * (every state but the initial one needs a time-out or a cancel), time-outs armed without a `timeout` transition (or
 * the reverse), and transitions that can never be taken because an unguarded one for the same event comes first.
 * The conformance suite and the tests run it over {@link SCREEN_MACHINE}.
 */
export function checkScreenMachine(machine: ScreenMachineDescription): string[] {
  const problems: string[] = [];
  const ids = new Set<ScreenStateId>();
  for (const s of machine.states) {
    if (ids.has(s.id)) problems.push(`duplicate state ${s.id}`);
    ids.add(s.id);
  }
  if (!ids.has(machine.initial)) problems.push(`initial state ${machine.initial} is not a state`);
  const events = new Set(machine.events.map((e) => e.type));
  const guards = new Set(machine.guards.map((g) => g.name));
  const actions = new Set(machine.actions.map((a) => a.name));
  for (const x of machine.transitions) {
    const label = `${x.from} --${x.event}${x.guard ? `[${x.guard}]` : ""}--> ${x.to}`;
    if (!ids.has(x.from)) problems.push(`${label}: unknown source state`);
    if (!ids.has(x.to)) problems.push(`${label}: unknown target state`);
    if (!events.has(x.event)) problems.push(`${label}: undeclared event`);
    if (x.guard !== undefined && !guards.has(x.guard)) problems.push(`${label}: undeclared guard`);
    for (const a of x.actions ?? []) if (!actions.has(a)) problems.push(`${label}: undeclared action ${a}`);
  }
  const seenUnguarded = new Set<string>();
  for (const x of machine.transitions) {
    const key = `${x.from}\u0000${x.event}`;
    if (seenUnguarded.has(key)) problems.push(`${x.from} --${x.event}--> ${x.to}: never taken (an unguarded transition for the same event comes first)`);
    if (x.guard === undefined) seenUnguarded.add(key);
  }
  for (const s of machine.states) {
    const out = machine.transitions.filter((x) => x.from === s.id);
    if (out.length === 0 && s.final !== true) problems.push(`${s.id}: no transition out of a non-final state`);
    const hasTimeout = out.some((x) => x.event === "timeout");
    if (s.timeout !== undefined && !hasTimeout) problems.push(`${s.id}: arms ${s.timeout} but has no timeout transition`);
    if (s.timeout === undefined && hasTimeout) problems.push(`${s.id}: has a timeout transition but arms no time-out`);
    if (s.id !== machine.initial && s.final !== true && !hasTimeout && !out.some((x) => x.event === "cancel")) problems.push(`${s.id}: no time-out and no cancel`);
  }
  const reachable = reachableStates(machine);
  for (const id of ids) if (!reachable.has(id)) problems.push(`${id}: unreachable from ${machine.initial}`);
  return problems;
}

/** The states reachable from the initial state, following every transition whatever its guard. */
export function reachableStates(machine: ScreenMachineDescription, from: ScreenStateId = machine.initial): Set<ScreenStateId> {
  const seen = new Set<ScreenStateId>([from]);
  const queue: ScreenStateId[] = [from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const x of machine.transitions) {
      if (x.from === id && !seen.has(x.to)) {
        seen.add(x.to);
        queue.push(x.to);
      }
    }
  }
  return seen;
}
