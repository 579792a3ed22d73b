/** What every resource handler needs, built once by the server and passed down (no globals). */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ResourceCatalog, ResourceInfo } from '../../registry/catalog.js';
import type { Clock } from '../../registry/clock.js';
import type { GenericRegistry } from '../../registry/generic/registry.js';
import type { Lister } from '../../registry/generic/list-watch.js';
import type { KubeObject } from '../../registry/object.js';
import type { TableConverter } from '../table.js';
import type { ResourceRequest } from '../request-info.js';
import type { PatchEngine } from './patch-engine.js';
import type { ObjectDecoder } from './object-decoder.js';

export interface ApiContext {
  catalog: ResourceCatalog;
  registry: GenericRegistry;
  lister: Lister;
  tables: TableConverter;
  clock: Clock;
  patches: PatchEngine;
  decoder: ObjectDecoder;
}

export interface HandlerRequest {
  ri: ResourceRequest;
  info: ResourceInfo;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
  /** The authenticated user's name (fieldManager fallback). */
  user: string;
}

/**
 * Sends a JSON document with exactly `Content-Type: application/json` (kubectl 1.27.0 compares it).
 * Always a Buffer: fastify appends `; charset=utf-8` to (and re-quotes the parameters of) any JSON
 * content type whose payload is a string.
 */
export function sendJson(reply: FastifyReply, code: number, body: string | Buffer | Readable | object, contentType = 'application/json'): FastifyReply {
  if (body instanceof Readable) return reply.code(code).header('content-type', contentType).send(body);
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return reply.code(code).header('content-type', contentType).send(bytes);
}

export function queryFlag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === 'true' || v === '1';
}

export function dryRunOf(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

export function listKindOf(info: ResourceInfo): string {
  return info.listKind;
}

export type Obj = KubeObject;
