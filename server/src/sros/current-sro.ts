import { Sro, type SroDoc } from './sro.model';
import { requireSroId } from '../core/tenancy';

/** The SRO of the current request or job (names in e-mails, settings). */
export async function currentSro(): Promise<SroDoc> {
  const sro = await Sro.findById(requireSroId('current SRO')).lean<SroDoc>();
  if (!sro) throw new Error('current SRO not found');
  return sro;
}
