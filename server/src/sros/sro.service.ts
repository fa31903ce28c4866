import { Sro, type SroDoc } from './sro.model';

// Resolves the SRO of a request from its host name; caches for a short while (SROs rarely change).
const CACHE_MS = 30_000;
let cache: { at: number; sros: SroDoc[] } | null = null;

async function allSros(): Promise<SroDoc[]> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.sros;
  const sros = (await Sro.find().lean()) as SroDoc[];
  cache = { at: Date.now(), sros };
  return sros;
}

export function clearSroCache(): void {
  cache = null;
}

export async function resolveSroByHost(host: string | undefined): Promise<SroDoc | null> {
  const hostname = (host ?? '').toLowerCase().replace(/:\d+$/, '');
  const sros = await allSros();
  return (
    sros.find((s) => s.hosts.includes(hostname)) ??
    sros.find((s) => s.isDefault) ??
    (sros.length === 1 ? sros[0] : null)
  );
}

export async function ensureDefaultSro(name = 'Саморегулируемая организация «Демо»'): Promise<SroDoc> {
  const existing = await Sro.findOne({ isDefault: true }).lean();
  if (existing) return existing as SroDoc;
  const created = await Sro.create({ slug: 'default', name, shortName: 'СРО «Демо»', isDefault: true });
  clearSroCache();
  return created.toObject() as SroDoc;
}
