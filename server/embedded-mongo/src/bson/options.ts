/** Deserialise keeping Longs as Long and Binary as Binary, so every BSON value round-trips exactly. */
export const BSON_READ = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;
