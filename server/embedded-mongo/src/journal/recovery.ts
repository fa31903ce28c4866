import fs from 'node:fs';
import type { Document } from 'bson';
import { scanRecords, type DamagedRange, type ScanResult } from './records';

// Start-up: the snapshot, then the journal, replayed in order. What may be cut and what must stop the start:
// - the journal's tail may be torn (a write that was never acknowledged): it is cut off;
// - damage in the middle of the journal, or anywhere in a snapshot (written whole, then renamed), is corruption:
//   the server refuses to start and says how to repair. A repair keeps a copy of the damaged file, skips the
//   unreadable bytes and recovers every readable record before and after them.

export class CorruptDataError extends Error {}

export interface RecoveryReport {
  snapshotRecords: number;
  journalRecords: number;
  /** Bytes of a torn journal tail that were cut off. */
  tornBytes: number;
  /** Repair: each damaged file, the copy kept of it, and the unreadable ranges skipped. */
  repaired: { file: string; copy: string; damaged: DamagedRange[] }[];
}

const SNAPSHOT_MARKERS = new Set(['snapshot', 'end']);

function describe(damaged: DamagedRange[]): string {
  return damaged.map((d) => `bytes ${d.from}–${d.to}`).join(', ');
}

function repairHint(file: string): string {
  return (
    `Nothing was changed. To recover every readable record, start once with repair — ` +
    `\`npm run mongo -- --dbpath ${fs.realpathSync(file).replace(/\/[^/]+$/, '')} --repair\`, or EMBEDDED_DB_REPAIR=1 for the portal — ` +
    `which keeps a copy of the damaged file beside it.`
  );
}

/** Keeps the damaged file as it is before a repair reads past its damage. */
function keepCopy(file: string): string {
  const copy = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(file, copy);
  return copy;
}

/** What is wrong with a scanned snapshot, or null when it is whole. */
function snapshotProblem(scan: ScanResult, framed: boolean, trailer: Document | null, trailerOk: boolean): string | null {
  if (scan.damaged.length) return `unreadable records at ${describe(scan.damaged)}`;
  if (scan.intact < scan.size) return `it ends with ${scan.size - scan.intact} unreadable bytes (cut short?)`;
  if (framed && !trailer) return 'its trailer is missing (cut short?)';
  if (framed && !trailerOk) return 'its trailer does not match its records (record count or checksum)';
  return null;
}

function loadSnapshot(file: string, apply: (r: Document) => void, repair: boolean, report: RecoveryReport): void {
  const pass = (salvage: boolean) => {
    let framed = false;
    let trailer: Document | null = null;
    let trailerOk = false;
    let seen = 0;
    const scan = scanRecords(
      file,
      (r, crcBefore) => {
        seen++;
        if (r.op === 'snapshot') framed = true;
        else if (r.op === 'end') {
          trailer = r;
          trailerOk = r.records === seen - 1 && r.crc === crcBefore;
        } else if (!SNAPSHOT_MARKERS.has(r.op)) apply(r);
      },
      { repair: salvage },
    );
    return { scan, problem: snapshotProblem(scan, framed, trailer, trailerOk) };
  };
  const first = pass(false);
  report.snapshotRecords = first.scan.records;
  if (!first.problem) return;
  if (!repair) throw new CorruptDataError(`embedded mongo: the snapshot ${file} is damaged: ${first.problem}. ${repairHint(file)}`);
  const copy = keepCopy(file);
  const second = pass(true); // replay is idempotent: applying the readable records again is harmless
  report.snapshotRecords = second.scan.records;
  report.repaired.push({ file, copy, damaged: second.scan.damaged.length ? second.scan.damaged : [{ from: second.scan.intact, to: second.scan.size }] });
}

function loadJournal(file: string, apply: (r: Document) => void, repair: boolean, report: RecoveryReport): void {
  let scan = scanRecords(file, apply);
  if (scan.damaged.length) {
    if (!repair) {
      throw new CorruptDataError(
        `embedded mongo: the journal ${file} is damaged in the middle (${describe(scan.damaged)}), with acknowledged writes after the damage. ${repairHint(file)}`,
      );
    }
    const copy = keepCopy(file);
    scan = scanRecords(file, apply, { repair: true });
    report.repaired.push({ file, copy, damaged: scan.damaged });
  }
  report.journalRecords = scan.records;
  // A torn tail was never acknowledged: cut it off before appending after it.
  if (scan.size > scan.intact) {
    report.tornBytes = scan.size - scan.intact;
    fs.truncateSync(file, scan.intact);
  }
}

/** Replays the snapshot and the journal into memory through `apply`; throws CorruptDataError unless `repair`. */
export function recover(snapshotFile: string, journalFile: string, apply: (r: Document) => void, opts: { repair?: boolean } = {}): RecoveryReport {
  const report: RecoveryReport = { snapshotRecords: 0, journalRecords: 0, tornBytes: 0, repaired: [] };
  loadSnapshot(snapshotFile, apply, !!opts.repair, report);
  loadJournal(journalFile, apply, !!opts.repair, report);
  for (const r of report.repaired) console.error(`embedded mongo: repaired ${r.file} (skipped ${describe(r.damaged)}); the damaged file is kept as ${r.copy}`);
  return report;
}
