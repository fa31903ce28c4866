import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import mongoose from 'mongoose';
import { errors } from '../core/errors';
import { nameForType, sanitizeFileName, sniffAllowedType } from './sniff';

// A multer storage engine that streams each upload into GridFS while hashing it: memory stays flat
// whatever the size. The first bytes are held back until the type is sniffed; refused types never land.

const SNIFF_BYTES = 4100;

export interface StoredUpload {
  gridId: mongoose.Types.ObjectId;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/** Set by the upload middleware: answers a refused upload now, without waiting for the body to end. */
export interface UploadRequest extends Request {
  refuseUpload?: (code: 'LIMIT_FILE_SIZE') => void;
}

export const bucket = () => new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: 'files' });

/** The bytes of a stored file (small files only: signatures, extracts). */
export async function readFileBytes(file: { gridId: mongoose.Types.ObjectId }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket().openDownloadStream(file.gridId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function readHead(stream: NodeJS.ReadableStream): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (ended: boolean) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
      stream.pause();
      resolve({ head: Buffer.concat(chunks), ended });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= SNIFF_BYTES) done(false);
    };
    const onEnd = () => done(true);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

export function gridFsStorage(): StorageEngine {
  return {
    _handleFile(_req: Request, file, cb) {
      void (async () => {
        const given = sanitizeFileName(file.originalname);
        const { head, ended } = await readHead(file.stream);
        const mime = await sniffAllowedType(head, given);
        if (!mime) {
          file.stream.resume(); // drain the rest so the request completes
          return cb(errors.unsupportedType(`Файл «${given}» не принят: допустимы PDF, изображения, документы Office, архивы и подписи .sig/.p7s`));
        }
        const name = nameForType(given, mime);
        const hash = createHash('sha256');
        let size = 0;
        const upload = bucket().openUploadStream(name, { metadata: { mime } });
        const write = (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          return upload.write(chunk);
        };
        write(head);
        let failed = false;
        const fail = (err: Error) => {
          if (failed) return;
          failed = true;
          upload.abort().catch(() => undefined);
          cb(err);
        };
        upload.once('error', fail);
        file.stream.once('error', fail);
        // Over the size limit: answer at once (multer would read the rest of the body first), drop what was stored.
        file.stream.once('limit', () => {
          (_req as UploadRequest).refuseUpload?.('LIMIT_FILE_SIZE');
          fail(errors.payloadTooLarge());
        });
        upload.once('finish', () => {
          if (!failed) cb(null, { gridId: upload.id, name, mime, size, sha256: hash.digest('hex') } as Partial<Express.Multer.File>);
        });
        if (ended) return void upload.end();
        file.stream.on('data', (chunk: Buffer) => {
          if (!write(chunk)) {
            file.stream.pause();
            upload.once('drain', () => file.stream.resume());
          }
        });
        file.stream.once('end', () => upload.end());
        file.stream.resume();
      })().catch((err) => cb(err));
    },
    _removeFile(_req, file, cb) {
      const gridId = (file as unknown as StoredUpload).gridId;
      if (!gridId) return cb(null);
      bucket().delete(gridId).then(() => cb(null), () => cb(null));
    },
  };
}
