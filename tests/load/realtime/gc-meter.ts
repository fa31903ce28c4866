// The servers' garbage-collection pauses during a step, for bench-realtime: a delivery p99 of a few tens of ms is
// usually a pause, and the table says how many there were and how long the longest was. Cheap enough to stay on.
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface GcPauses { count: number; totalMs: number; maxMs: number }

let pauses: GcPauses = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries() as PerformanceEntry[]) {
    pauses.count++;
    pauses.totalMs += entry.duration;
    pauses.maxMs = Math.max(pauses.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

/** Answers the harness's {gcPauses: 'reset' | 'read'} with the pauses since the last reset. */
export function answerGcPauses(message: { gcPauses?: 'reset' | 'read' }): boolean {
  if (!message.gcPauses) return false;
  if (message.gcPauses === 'reset') pauses = { count: 0, totalMs: 0, maxMs: 0 };
  process.send?.({ gcPauses: pauses });
  return true;
}
