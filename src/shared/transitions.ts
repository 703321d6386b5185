/**
 * A lifecycle as data: for each named verb, the states it may start from and the state it leads to.
 * `decide` never throws: a refused transition is a value with a stable reason code.
 */
export type TransitionTable<S extends string, V extends string> = Record<V, { from: readonly S[]; to: S | 'same' }>;

export type Decision<S extends string> = { ok: true; from: S; to: S } | { ok: false; code: 'transition_not_allowed'; from: S; verb: string };

export function decide<S extends string, V extends string>(table: TransitionTable<S, V>, state: S, verb: V): Decision<S> {
  const rule = table[verb];
  if (!rule.from.includes(state)) return { ok: false, code: 'transition_not_allowed', from: state, verb };
  return { ok: true, from: state, to: rule.to === 'same' ? state : rule.to };
}

/** Every verb allowed from a state (to show only the buttons that can work). */
export function allowedVerbs<S extends string, V extends string>(table: TransitionTable<S, V>, state: S): V[] {
  return (Object.keys(table) as V[]).filter((v) => table[v].from.includes(state));
}
