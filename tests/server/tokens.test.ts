import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { TokenService } from '../../server/src/auth/tokens';

// Access tokens are verified once and then remembered by their text (a reconnecting tab presents the same token
// again): what is remembered must never let in a token that would not verify, nor one that has expired since.

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const user = { id: '64b000000000000000000001', role: 'member' as const, sroId: '64b0000000000000000000aa', memberId: '64b0000000000000000000bb', sessionId: '64b0000000000000000000cc' };

async function tokenExpiringIn(seconds: number, secret = SECRET): Promise<string> {
  return new SignJWT({ role: user.role, sro: user.sroId, mid: user.memberId, sid: user.sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
    .sign(new TextEncoder().encode(secret));
}

describe('access tokens', () => {
  it('verifies a token, again from memory, until it expires; a remembered one is refused after its expiry', async () => {
    const tokens = new TokenService(SECRET);
    const token = await tokenExpiringIn(1);
    expect(await tokens.verifyAccess(token)).toMatchObject({ id: user.id, sroId: user.sroId, memberId: user.memberId, sessionId: user.sessionId });
    expect(await tokens.verifyAccess(token)).toMatchObject({ id: user.id });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await tokens.verifyAccess(token)).toBeNull();
  });

  it('refuses a forged signature, another secret and garbage, even while the genuine token is remembered', async () => {
    const tokens = new TokenService(SECRET);
    const genuine = await tokens.signAccess(user);
    expect(await tokens.verifyAccess(genuine)).toMatchObject({ id: user.id, role: 'member' });
    const [header, payload, signature] = genuine.split('.');
    const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(await tokens.verifyAccess(`${header}.${payload}.${flipped}`)).toBeNull();
    // The payload of another user under the genuine signature.
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '64b000000000000000000002' })).toString('base64url');
    expect(await tokens.verifyAccess(`${header}.${otherPayload}.${signature}`)).toBeNull();
    expect(await tokens.verifyAccess(await tokenExpiringIn(600, 'another-secret-of-at-least-thirty-two-chars'))).toBeNull();
    expect(await tokens.verifyAccess('not.a.token')).toBeNull();
    // What a caller gets is shared by every request with this token: it cannot be changed in place.
    const remembered = (await tokens.verifyAccess(genuine))!;
    expect(() => Object.assign(remembered, { role: 'admin' })).toThrow();
    expect((await tokens.verifyAccess(genuine))!.role).toBe('member');
  });
});
