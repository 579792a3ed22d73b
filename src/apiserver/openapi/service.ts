/**
 * Serves the upstream OpenAPI documents of the pinned Kubernetes release: v2 (JSON and gnostic
 * protobuf) and v3 (an index plus one JSON document per path). Everything is loaded on first use and
 * cached; the protobuf encoding of v2 (a few hundred ms) happens once.
 *
 * What is cached is the gzipped bytes and their hash, not the documents: every client vkube has met
 * asks for gzip, and the plain bytes, the parsed v2 swagger and the parsed v3 documents were 12 MB
 * outside the heap and 5 MB in it for as long as vkube ran. A client that does not take gzip gets
 * the bytes decompressed for it; the documents are parsed again when something needs them (a CRD's
 * schemas published, the schema index's first lookup in a group-version).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type protobuf from 'protobufjs';
import { defaultOpenApiDataDir, listV3Paths, openApiHash, readGzipped, v3PathToFileName } from './data.js';
import { encodeSwaggerAsGnostic, loadDocumentType, type SwaggerObject } from './gnostic-v2.js';
import { buildCustomResourceV3Document, type OpenApiJsonObject } from './crd-documents.js';
import { customResourceV2Definitions, isJsonObject, type CustomResourceSchema, type TypeMetaProperties } from './crd-schema.js';

export type { CustomResourceSchema } from './crd-schema.js';

/** `GET /openapi/v3`: kube-openapi's OpenAPIV3Discovery. */
export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** One response body, kept gzipped, with its content hash. */
export interface OpenApiBody {
  /** The bytes, decompressed on each read. */
  readonly plain: Buffer;
  readonly gzipped: Buffer;
  /** Uppercase hex SHA-512 of `plain` (ETag and v3 `?hash=`). */
  readonly hash: string;
}

function body(plain: Buffer, gzipped?: Buffer, hash = openApiHash(plain)): OpenApiBody {
  const stored = gzipped ?? gzipSync(plain);
  return {
    get plain(): Buffer {
      return gunzipSync(stored);
    },
    gzipped: stored,
    hash,
  };
}

export class OpenApiService {
  private readonly dataDir: string;
  private v2JsonBody?: OpenApiBody;
  private v2ProtobufBody?: OpenApiBody;
  private v2ProtobufBuildMs?: number;
  private documentType?: protobuf.Type;
  private v3Paths?: string[];
  private readonly v3Bodies = new Map<string, OpenApiBody>();
  /** The v3 documents built for CRD group-versions (there is no file to parse them from). */
  private readonly customV3Documents = new Map<string, OpenApiJsonObject>();
  private v3IndexBody?: OpenApiBody;
  /** CRD name → its published versions; and the v3 documents built from them, by path. */
  private readonly customResources = new Map<string, CustomResourceSchema[]>();
  private readonly customV3Paths = new Set<string>();
  private readonly v3Revisions = new Map<string, number>();

  constructor(dataDir: string = defaultOpenApiDataDir()) {
    this.dataDir = dataDir;
  }

  /** The v2 swagger document, with published CRDs: parsed for each caller, which owns it. */
  v2Document(): SwaggerObject {
    const upstream = JSON.parse(readGzipped(join(this.dataDir, 'swagger.json.gz')).plain.toString('utf8')) as SwaggerObject;
    return this.customResources.size > 0 ? this.mergeCustomResourceDefinitions(upstream) : upstream;
  }

  /** Builds both v2 bodies from one parse of the document, which is then let go. */
  private buildV2Bodies(): void {
    const swagger = this.v2Document();
    this.v2JsonBody ??= body(Buffer.from(JSON.stringify(swagger), 'utf8'));
    if (this.v2ProtobufBody === undefined) {
      const started = performance.now();
      this.documentType ??= loadDocumentType(join(this.dataDir, 'OpenAPIv2.proto'));
      const plain = encodeSwaggerAsGnostic(swagger, this.documentType);
      this.v2ProtobufBuildMs = performance.now() - started;
      // Upstream reuses the JSON's ETag for the protobuf form (the response varies on Accept).
      this.v2ProtobufBody = body(plain, undefined, this.v2JsonBody.hash);
    }
  }

  /**
   * Upstream merges each CRD's v2 spec (definitions and paths) into /openapi/v2; kubectl reads only
   * the definitions (models by GVK), so only those are merged here.
   */
  private mergeCustomResourceDefinitions(upstream: SwaggerObject): SwaggerObject {
    const definitions = isJsonObject(upstream.definitions) ? upstream.definitions : {};
    const deployment = definitions['io.k8s.api.apps.v1.Deployment'];
    const properties = isJsonObject(deployment) && isJsonObject(deployment.properties) ? deployment.properties : {};
    const typeMeta: TypeMetaProperties = { apiVersion: properties.apiVersion ?? { type: 'string' }, kind: properties.kind ?? { type: 'string' } };
    const custom = customResourceV2Definitions([...this.customResources.values()].flat(), typeMeta);
    const merged = Object.fromEntries(Object.entries({ ...definitions, ...custom }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { ...upstream, definitions: merged };
  }

  /** The v2 swagger as compact JSON, as kube-apiserver serves it. */
  v2Json(): Buffer {
    return this.v2JsonResponse().plain;
  }

  v2JsonResponse(): OpenApiBody {
    if (this.v2JsonBody === undefined) this.buildV2Bodies();
    return this.v2JsonBody!;
  }

  /** The v2 swagger as gnostic's `openapi.v2.Document` protobuf (what client-go asks for). */
  v2Protobuf(): Buffer {
    return this.v2ProtobufResponse().plain;
  }

  v2ProtobufResponse(): OpenApiBody {
    if (this.v2ProtobufBody === undefined) this.buildV2Bodies();
    return this.v2ProtobufBody!;
  }

  /**
   * Builds what the first clients would otherwise wait for (v2 JSON and protobuf, the v3 index);
   * call it once the server listens, e.g. from setImmediate.
   */
  prewarm(): void {
    this.v2ProtobufResponse();
    this.v3IndexResponse();
  }

  /** How long the last v2 protobuf build took (ms), undefined before the first; for metrics/logs. */
  v2ProtobufBuildTimeMs(): number | undefined {
    return this.v2ProtobufBuildMs;
  }

  /** The v3 paths served (`api/v1`, `apis/apps`, `apis/apps/v1`, `version`, ...), sorted. */
  v3PathList(): string[] {
    this.v3Paths ??= listV3Paths(this.dataDir);
    if (this.customV3Paths.size === 0) return this.v3Paths;
    return [...this.v3Paths, ...this.customV3Paths].sort();
  }

  /** Changes whenever the document at `path` is replaced (CRD updates), so derived caches can tell. */
  v3DocumentRevision(path: string): number {
    return this.v3Revisions.get(path) ?? 0;
  }

  v3Index(): OpenApiV3Index {
    const paths: OpenApiV3Index['paths'] = {};
    for (const path of this.v3PathList()) {
      const hash = this.v3DocumentResponse(path)?.hash ?? '';
      paths[path] = { serverRelativeURL: v3ServerRelativeUrl(path, hash) };
    }
    return { paths };
  }

  v3IndexResponse(): OpenApiBody {
    // Go's encoding/json sorts map keys; v3PathList is sorted already.
    this.v3IndexBody ??= body(Buffer.from(JSON.stringify(this.v3Index()), 'utf8'));
    return this.v3IndexBody;
  }

  /** The JSON of one v3 document (`api/v1`, `apis/apps/v1`, ...), undefined if not served. */
  v3Document(path: string): Buffer | undefined {
    return this.v3DocumentResponse(path)?.plain;
  }

  v3DocumentResponse(path: string): OpenApiBody | undefined {
    const cached = this.v3Bodies.get(path);
    if (cached !== undefined) return cached;
    this.v3Paths ??= listV3Paths(this.dataDir);
    if (!this.v3Paths.includes(path)) return undefined;
    // The stored files are the upstream bytes gzipped, so they are served as they are.
    const file = readGzipped(join(this.dataDir, 'v3', v3PathToFileName(path)));
    const loaded = body(file.plain, file.gzipped);
    this.v3Bodies.set(path, loaded);
    return loaded;
  }

  /**
   * One v3 document parsed, for the schema index (which keeps what it needs of it): a built-in
   * one afresh for each caller, a CRD group-version's as it was built (shared, do not mutate).
   */
  v3DocumentObject(path: string): unknown {
    const custom = this.customV3Documents.get(path);
    if (custom !== undefined) return custom;
    const plain = this.v3Document(path);
    return plain === undefined ? undefined : JSON.parse(plain.toString('utf8'));
  }

  /**
   * Publishes the served versions of one CRD (replacing what it published before): v3 documents
   * `apis/<group>/<version>` (shared with other CRDs of the group-version, also read by
   * BuiltinSchemaSource) and v2 definitions. Throws if a version would shadow a built-in one.
   */
  addCustomResourceSchemas(crdName: string, versions: readonly CustomResourceSchema[]): void {
    this.v3Paths ??= listV3Paths(this.dataDir);
    for (const version of versions) {
      const path = `apis/${version.group}/${version.version}`;
      if (this.v3Paths.includes(path)) throw new Error(`CRD ${crdName}: ${path} is a built-in group-version`);
    }
    const before = this.customResources.get(crdName) ?? [];
    this.customResources.set(crdName, [...versions]);
    this.rebuildCustomPaths([...before, ...versions]);
  }

  removeCustomResourceSchemas(crdName: string): void {
    const before = this.customResources.get(crdName);
    if (before === undefined) return;
    this.customResources.delete(crdName);
    this.rebuildCustomPaths(before);
  }

  private rebuildCustomPaths(touched: readonly CustomResourceSchema[]): void {
    const paths = new Set(touched.map((v) => `apis/${v.group}/${v.version}`));
    for (const path of paths) {
      const kinds = [...this.customResources.values()].flat().filter((v) => `apis/${v.group}/${v.version}` === path);
      this.v3Bodies.delete(path);
      this.customV3Documents.delete(path);
      this.v3Revisions.set(path, this.v3DocumentRevision(path) + 1);
      if (kinds.length === 0) {
        this.customV3Paths.delete(path);
        continue;
      }
      const template = this.v3DocumentObject('apis/apps/v1') as OpenApiJsonObject;
      const document = buildCustomResourceV3Document(kinds, template);
      this.customV3Paths.add(path);
      this.v3Bodies.set(path, body(Buffer.from(JSON.stringify(document), 'utf8')));
      this.customV3Documents.set(path, document);
    }
    this.v3IndexBody = undefined;
    this.v2JsonBody = undefined;
    this.v2ProtobufBody = undefined;
  }
}

/** `/openapi/v3/<path>?hash=<HASH>`, as kube-openapi's constructServerRelativeURL builds it. */
export function v3ServerRelativeUrl(path: string, hash: string): string {
  return `/openapi/v3/${path}?${new URLSearchParams({ hash }).toString()}`;
}
