import type { RequestHandler } from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// The client's hashed build files (dist/assets/*-<hash>.js|css): compressed once (brotli, else gzip) and kept in
// memory, cached by browsers for a year — a new build has new names. Everything else goes to express.static.

const COMPRESSIBLE = /\.(js|css|svg|json|map)$/;
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.map': 'application/json' };

interface Packed { br: Buffer; gzip: Buffer; raw: Buffer }

export function compressedAssets(dist: string): RequestHandler {
  const assets = path.join(dist, 'assets');
  const cache = new Map<string, Promise<Packed | null>>();
  const load = (file: string) => {
    let packed = cache.get(file);
    if (!packed) {
      packed = readFile(path.join(assets, file)).then(
        (raw) => ({ raw, br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), gzip: gzipSync(raw, { level: 9 }) }),
        () => null,
      );
      cache.set(file, packed);
    }
    return packed;
  };
  return async (req, res, next) => {
    const file = req.path.replace(/^\/assets\//, '');
    if (req.method !== 'GET' || file === req.path || file.includes('/') || file.includes('..') || !COMPRESSIBLE.test(file)) return next();
    const packed = await load(file);
    if (!packed) return next();
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] = /\bbr\b/.test(accepts) ? ['br', packed.br] : /\bgzip\b/.test(accepts) ? ['gzip', packed.gzip] : [null, packed.raw];
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Vary', 'Accept-Encoding');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.end(body);
  };
}
