// The time rules that depend on "now" ask here (an extract's one-month validity), so a test can move the clock
// forward instead of waiting a month. Production never sets it.

let offsetMs = 0;

export const now = (): Date => new Date(Date.now() + offsetMs);

/** Tests only: every later now() is `ms` ahead of the real time (0 puts it back). */
export function shiftClockForTests(ms: number): void {
  offsetMs = ms;
}
