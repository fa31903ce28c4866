// Room names. Only the server names rooms; clients never join by name (STYLE.md 6).
// Rooms carry the SRO so that several SROs on one installation never share a room.
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  /** Every socket of one sign-in session: closed together when the session ends. */
  session: (sessionId: string) => `session:${sessionId}`,
  member: (memberId: string) => `member:${memberId}`,
  staff: (sroId: string) => `sro:${sroId}:staff`,
  /** Staff sockets currently viewing a thread (presence, typing). Members get thread events via their member room. */
  threadViewers: (threadId: string) => `thread:${threadId}`,
};
