// Priority from impact × urgency, the matrix iTop and ITIL desks use: 1 is the highest of each
// (impact 1 = a department or more, 2 = a service or several people, 3 = one person; urgency
// 1 = work has stopped, 2 = work is hampered, 3 = it can wait). Runs in the Flowdesk sandbox.
const MATRIX = {
  1: { 1: 'p1', 2: 'p2', 3: 'p3' },
  2: { 1: 'p2', 2: 'p3', 3: 'p4' },
  3: { 1: 'p3', 2: 'p4', 3: 'p4' },
};

/** A level 1–3; anything else counts as the lowest (3), so a missing value never raises the priority. */
function level(value) {
  return value === 1 || value === 2 || value === 3 ? value : 3;
}

export function run({ impact, urgency }) {
  return { priority: MATRIX[level(impact)][level(urgency)] };
}
