import { AppError } from './errors';

/**
 * A state machine is data: a table of named transitions. `defineMachine` validates the table when the
 * module loads (boot), so a typo in a state name fails at start, not in production on the rare path.
 */
export interface TransitionDef<S extends string> {
  from: readonly S[];
  to: S;
}

export interface Machine<S extends string, E extends string> {
  name: string;
  states: readonly S[];
  initial: S;
  terminal: readonly S[];
  transitions: Readonly<Record<E, TransitionDef<S>>>;
  /** The target state of `event` from `from`, or an ILLEGAL_TRANSITION error. */
  next(from: S, event: E): S;
  can(from: S, event: E): boolean;
  /** States from which `event` is legal: what a guarded `UPDATE … WHERE status IN (…)` uses. */
  sourcesOf(event: E): readonly S[];
}

export function defineMachine<S extends string, E extends string>(def: {
  name: string;
  states: readonly S[];
  initial: S;
  terminal: readonly S[];
  transitions: Record<E, TransitionDef<S>>;
}): Machine<S, E> {
  validateMachine(def);
  const { transitions } = def;
  const can = (from: S, event: E) => transitions[event]?.from.includes(from) ?? false;
  return {
    ...def,
    can,
    sourcesOf: (event) => transitions[event].from,
    next(from, event) {
      if (!can(from, event)) {
        throw new AppError('ILLEGAL_TRANSITION', `${def.name}: cannot ${event} from ${from}`, {
          machine: def.name,
          from,
          event,
        });
      }
      return transitions[event].to;
    },
  };
}

export function validateMachine<S extends string, E extends string>(def: {
  name: string;
  states: readonly S[];
  initial: S;
  terminal: readonly S[];
  transitions: Record<E, TransitionDef<S>>;
}): void {
  const problems: string[] = [];
  const states = new Set<string>(def.states);
  if (states.size !== def.states.length) problems.push('duplicate state names');
  if (!states.has(def.initial)) problems.push(`initial state ${def.initial} is not a state`);
  for (const t of def.terminal) if (!states.has(t)) problems.push(`terminal state ${t} is not a state`);
  const reachable = new Set<string>([def.initial]);
  for (const [event, t] of Object.entries(def.transitions) as [string, TransitionDef<S>][]) {
    if (!states.has(t.to)) problems.push(`${event}: target ${t.to} is not a state`);
    if (t.from.length === 0) problems.push(`${event}: no source states`);
    for (const f of t.from) {
      if (!states.has(f)) problems.push(`${event}: source ${f} is not a state`);
      if (def.terminal.includes(f)) problems.push(`${event}: leaves terminal state ${f}`);
    }
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of Object.values(def.transitions) as TransitionDef<S>[]) {
      if (!reachable.has(t.to) && t.from.some((f) => reachable.has(f))) {
        reachable.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of def.states) if (!reachable.has(s)) problems.push(`state ${s} is unreachable`);
  if (problems.length) throw new Error(`State machine ${def.name} is invalid: ${problems.join('; ')}`);
}
