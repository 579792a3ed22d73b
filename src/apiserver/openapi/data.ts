/**
 * Where the vendored upstream OpenAPI data lives (third_party/openapi, written by
 * hack/update-openapi.sh) and how its file names map to the paths clients ask for.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const V3_SUFFIX = '_openapi.json.gz';

/** third_party/openapi of this checkout; the same relative place from src/ (tsx) and dist/ (tsc). */
export function defaultOpenApiDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../../../third_party/openapi');
}

/** Upstream names each v3 document after its path: `apis/apps/v1` is `apis__apps__v1_openapi.json`. */
export function v3PathToFileName(path: string): string {
  return `${path.split('/').join('__')}${V3_SUFFIX}`;
}

export function v3FileNameToPath(fileName: string): string | undefined {
  if (!fileName.endsWith(V3_SUFFIX)) return undefined;
  return fileName.slice(0, -V3_SUFFIX.length).split('__').join('/');
}

/** The v3 paths present in the data directory, sorted. */
export function listV3Paths(dataDir: string): string[] {
  const v3Dir = join(dataDir, 'v3');
  if (!existsSync(v3Dir)) return [];
  return readdirSync(v3Dir)
    .map(v3FileNameToPath)
    .filter((p): p is string => p !== undefined)
    .sort();
}

export interface GzippedFile {
  /** The file's bytes as stored (gzip), ready for `Content-Encoding: gzip`. */
  gzipped: Buffer;
  /** The decompressed bytes. */
  plain: Buffer;
}

export function readGzipped(path: string): GzippedFile {
  const gzipped = readFileSync(path);
  return { gzipped, plain: gunzipSync(gzipped) };
}

/**
 * kube-openapi's content hash, used for v2/v3 ETags and the v3 `?hash=` parameter: the uppercase
 * hex SHA-512 of the served bytes (handler3.computeETag, `fmt.Sprintf("%X", sha512.Sum512(data))`).
 */
export function openApiHash(data: Buffer): string {
  return createHash('sha512').update(data).digest('hex').toUpperCase();
}
