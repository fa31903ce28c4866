import { expect } from 'vitest';
import type { ImportJobDto } from '@sro/shared';
import type { ApiClient } from '../support/http';

/** A valid 10-digit INN from a number (the tenth digit is the check digit). */
export function innFrom(n: number): string {
  const base = String(770000000 + n);
  const d = base.split('').map(Number);
  const check = ([2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((s, w, i) => s + w * d[i], 0) % 11) % 10;
  return base + check;
}

/** The same INN with a wrong check digit. */
export const brokenInn = (inn: string) => inn.slice(0, 9) + ((Number(inn[9]) + 1) % 10);

/** Starts an import with the CSV as the body and polls its job until it is done. */
export async function importCsv(baseUrl: string, staff: ApiClient, csv: Buffer, query: string): Promise<ImportJobDto & { polls: number[] }> {
  const started = await fetch(`${baseUrl}/api/admin/registry-import?${query}`, { method: 'POST', headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'text/csv' }, body: new Uint8Array(csv) });
  expect(started.status).toBe(202);
  const { jobId } = await started.json();
  const polls: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const job = await staff.get<ImportJobDto>(`/api/admin/registry-import/${jobId}`);
    polls.push(job.body.processed);
    if (job.body.status !== 'running') return { ...job.body, polls };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

/** Uploads a small PDF as the signed-in user (POST /api/files) and returns its file id. */
export async function uploadPdf(baseUrl: string, token: string, name = 'scan.pdf'): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), name);
  const res = await fetch(`${baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: { id: string }[] }).items[0].id;
}
