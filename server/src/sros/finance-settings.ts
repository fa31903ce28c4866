import { DEFAULT_ODO_LIMITS, financeSettingsSchema, type FinanceSettings } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { requireSroId } from '../core/tenancy';
import { audit } from '../audit/audit.service';
import { clearSroCache } from './sro.service';
import { Sro } from './sro.model';

// The SRO's finance settings: КФ ОДО ceilings per level (default ГрК ст. 55.16 ч. 13) and payment type names.

type Limits = Record<number, number | null>;

async function settingsOf(): Promise<FinanceSettings> {
  const sro = await Sro.findById(requireSroId('finance settings'), { settings: 1 }).lean<{ settings?: { odoLimits?: Limits; paymentTypeNames?: FinanceSettings['paymentTypeNames'] } }>();
  return { odoLimits: { ...DEFAULT_ODO_LIMITS, ...(sro?.settings?.odoLimits ?? {}) } as FinanceSettings['odoLimits'], paymentTypeNames: sro?.settings?.paymentTypeNames ?? {} };
}

export const odoLimitsOfSro = async (): Promise<Limits> => (await settingsOf()).odoLimits;
export const paymentTypeNamesOfSro = async (): Promise<FinanceSettings['paymentTypeNames']> => (await settingsOf()).paymentTypeNames;

function financeSettingsRoutes(): RouteSpec[] {
  return [
    route({ method: 'get', path: '/admin/settings/finance', access: 'staff', handler: () => settingsOf() }),
    route({
      method: 'put', path: '/admin/settings/finance', access: 'admin', body: financeSettingsSchema,
      handler: async ({ user, body }) => {
        await Sro.updateOne({ _id: requireSroId('finance settings') }, { $set: { 'settings.odoLimits': body.odoLimits, 'settings.paymentTypeNames': body.paymentTypeNames } });
        clearSroCache();
        await audit({ action: 'settings.finance', actorId: user.id, actorRole: user.role, details: body });
        return settingsOf();
      },
    }),
  ];
}

export const financeSettingsModule: PortalModule = { name: 'finance-settings', routes: financeSettingsRoutes };
