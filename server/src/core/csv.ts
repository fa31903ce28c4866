/** RFC 4180 CSV with a BOM and `;` (what Excel in a Russian locale opens as columns). */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => (/[";\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
