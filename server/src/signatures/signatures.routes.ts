import { z } from 'zod';
import { PEP_AGREEMENT_VERSION, objectIdSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User } from '../users/user.model';
import { requestMeta } from '../auth/request-meta';
import { loadThreadFor } from '../threads';
import { contentDisposition } from '../files/files.routes';
import { currentSro } from '../sros/current-sro';
import { presentPep, sendSigningCode, signaturesOfThread } from './pep';
import { renderSignatureSheet } from './signature-sheet';

// ПЭП routes: the agreement at first sign-in, the e-mailed code, a thread's signatures and its signature sheet.

const idParams = z.object({ id: objectIdSchema });

function signatureRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/auth/agreement', access: 'authenticated', body: z.object({ accept: z.literal(true, 'Отметьте согласие с соглашением') }),
      handler: async ({ req, user }) => {
        const at = new Date();
        await User.updateOne({ _id: user.id, signatureAgreementAt: { $exists: false } }, { $set: { signatureAgreementAt: at } });
        const stored = await User.findById(user.id, { signatureAgreementAt: 1 }).lean<{ signatureAgreementAt?: Date }>();
        await audit({ action: 'signature.agreement', actorId: user.id, actorRole: user.role, ip: requestMeta(req).ip, details: { version: PEP_AGREEMENT_VERSION } });
        return { signatureAgreementAt: (stored?.signatureAgreementAt ?? at).toISOString(), version: PEP_AGREEMENT_VERSION };
      },
    }),
    route({ method: 'post', path: '/signatures/code', access: 'member', handler: ({ user }) => sendSigningCode(ctx, user) }),
    route({
      method: 'get', path: '/threads/:id/signatures', access: 'authenticated', params: idParams,
      handler: async ({ user, params }) => {
        const thread = await loadThreadFor(user, params.id);
        return { items: (await signaturesOfThread(thread._id)).map((s) => ({ ...presentPep(s), content: s.content, ...(user.role === 'member' ? {} : { ip: s.ip }) })) };
      },
    }),
    route({
      method: 'get', path: '/threads/:id/signature-sheet', access: 'authenticated', params: idParams,
      handler: async ({ user, params, res }) => {
        const thread = await loadThreadFor(user, params.id);
        const signatures = await signaturesOfThread(thread._id);
        if (!signatures.length) throw errors.notFound('Обращение не подписывалось');
        const pdf = await renderSignatureSheet(thread, signatures, (await currentSro()).name);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', contentDisposition(`Лист_подписания_${thread.regNumber ?? thread._id}.pdf`.replace(/\//g, '-')));
        res.end(pdf);
        return undefined;
      },
    }),
  ];
}

export const signaturesModule: PortalModule = { name: 'signatures', routes: signatureRoutes };
