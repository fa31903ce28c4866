// Who is viewing which thread, per socket, in this process. With several processes each one knows its
// own sockets; the viewer list an expert sees is then per process (noted in the docs).

interface Viewer {
  userId: string;
  name: string;
}

class Presence {
  private readonly bySocket = new Map<string, { threadId: string; viewer: Viewer }>();

  /** Records what a socket views now; returns the thread ids whose viewer lists changed. */
  view(socketId: string, threadId: string | null, viewer?: Viewer): string[] {
    const before = this.bySocket.get(socketId);
    if (before?.threadId === threadId) return [];
    this.bySocket.delete(socketId);
    if (threadId && viewer) this.bySocket.set(socketId, { threadId, viewer });
    return [before?.threadId, threadId].filter((id): id is string => !!id);
  }

  viewers(threadId: string): Viewer[] {
    const unique = new Map<string, Viewer>();
    for (const entry of this.bySocket.values()) if (entry.threadId === threadId) unique.set(entry.viewer.userId, entry.viewer);
    return [...unique.values()];
  }
}

export const presence = new Presence();
