import { Long } from 'bson';

// Hand-built BSON for cursor replies, so stored documents (already raw BSON) go out as they are, without a
// deserialise/serialise round trip: {cursor: {firstBatch|nextBatch: [...], id, ns}, ok: 1}.

const cstring = (s: string) => Buffer.from(`${s}\0`, 'utf8');

function document(elements: Buffer[]): Buffer {
  const size = 4 + elements.reduce((n, e) => n + e.length, 0) + 1;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(size, 0);
  return Buffer.concat([head, ...elements, Buffer.from([0])], size);
}

function element(type: number, name: string, value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([type]), cstring(name), value]);
}

function stringValue(s: string): Buffer {
  const bytes = cstring(s);
  const len = Buffer.allocUnsafe(4);
  len.writeInt32LE(bytes.length, 0);
  return Buffer.concat([len, bytes]);
}

/** A BSON array of raw documents. */
function rawArray(docs: Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < docs.length; i++) parts.push(Buffer.from([0x03]), cstring(String(i)), docs[i] as Buffer);
  return document([Buffer.concat(parts)]);
}

export function cursorReply(ns: string, id: Long, batch: Uint8Array[], first: boolean): Buffer {
  const idBytes = Buffer.allocUnsafe(8);
  idBytes.writeBigInt64LE(id.toBigInt(), 0);
  const cursor = document([
    element(0x04, first ? 'firstBatch' : 'nextBatch', rawArray(batch)),
    element(0x12, 'id', idBytes),
    element(0x02, 'ns', stringValue(ns)),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  return document([element(0x03, 'cursor', cursor), element(0x01, 'ok', ok)]);
}
