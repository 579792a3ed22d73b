import { describe, expect, it } from 'vitest';
import { ObjectDecoder } from '../../../src/apiserver/handlers/object-decoder.js';
import { OpenApiService } from '../../../src/apiserver/openapi/index.js';
import { ResourceCatalog } from '../../../src/registry/catalog.js';
import { builtinFieldChecker, builtinSchemaSource } from '../../../src/registry/schema/builtin.js';

const catalog = ResourceCatalog.builtin();
const pods = catalog.get('', 'v1', 'pods')!;
const decoder = new ObjectDecoder(builtinSchemaSource(new OpenApiService()), builtinFieldChecker());
const decode = (text: string, validation: 'Strict' | 'Warn' | 'Ignore' = 'Warn') => decoder.decode(pods, 'application/json', Buffer.from(text), validation);

describe('ObjectDecoder duplicate fields', () => {
  it('warns about a duplicate in a body without metadata (decoding adds `metadata` after the search)', () => {
    const { object, warnings } = decode('{"kind":"Pod","spec":{"nodeName":"a","nodeName":"b"}}');
    expect(warnings).toEqual(['duplicate field "spec.nodeName"']);
    expect(object.metadata).toEqual({});
  });

  it('finds duplicates next to strings that hold `":`, and none in a clean body', () => {
    expect(decode('{"metadata":{"name":"p","annotations":{"x":"{\\"a\\":1}"}},"metadata":{"name":"q"}}').warnings).toEqual(['duplicate field "metadata"']);
    expect(decode('{"metadata":{"name":"p","annotations":{"x":"{\\"a\\":1}"}}}').warnings).toEqual([]);
    expect(decode('{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}').warnings).toEqual([]);
  });

  it('rejects duplicates under Strict and ignores them under Ignore', () => {
    expect(() => decode('{"metadata":{"name":"p","name":"q"}}', 'Strict')).toThrow(/strict decoding error: duplicate field "metadata.name"/);
    expect(decode('{"metadata":{"name":"p","name":"q"}}', 'Ignore').warnings).toEqual([]);
  });
});
