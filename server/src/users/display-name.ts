import { User } from './user.model';

const nameCache = new Map<string, { name: string; at: number }>();

/** The display name of a user (its name, else its e-mail), cached briefly: it is on every message. */
export async function displayName(userId: string): Promise<string> {
  const cached = nameCache.get(userId);
  if (cached && Date.now() - cached.at < 60_000) return cached.name;
  const user = await User.findById(userId, { name: 1, email: 1 }).lean();
  const name = user?.name || user?.email || 'Пользователь';
  nameCache.set(userId, { name, at: Date.now() });
  return name;
}
