/** Deserialise keeping Longs as Long and Binary as Binary, so every BSON value round-trips exactly. */
export const BSON_READ = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;

/**
 * For matching, sorting and aggregation: small Longs become numbers, because mingo compares JS numbers and
 * not bson Long objects (MongoDB compares int64 with other numbers by value). Never written back to storage.
 */
export const BSON_VIEW = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;
