import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';

import { decodeKubernetesProtobuf } from '../../../src/apiserver/protobuf/decode.js';
import { GoJsonRenderer } from '../../../src/apiserver/protobuf/render.js';
import {
  buildDescriptorJson,
  findProtoDir,
  getProtobufSchema,
  parseVendoredProtos,
} from '../../../src/apiserver/protobuf/schema.js';

const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

describe('vendored protos and go-json-fields.json agree', () => {
  const { root, goJson } = getProtobufSchema();

  it('descriptor.json is the current parse of the vendored .proto files (rerun hack/update-protos.sh)', () => {
    const committed = readFileSync(join(findProtoDir(), 'descriptor.json'), 'utf8');
    expect(buildDescriptorJson(parseVendoredProtos())).toBe(committed);
  });

  it('covers every group-version vkube serves', () => {
    expect(Object.keys(goJson.kinds).sort()).toEqual([
      'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apps/v1', 'authentication.k8s.io/v1',
      'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'certificates.k8s.io/v1',
      'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1',
      'meta.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1',
    ].sort());
  });

  // Renders every message with no fields set: fails if any Go field names a proto field number the
  // .proto lacks, or a message has no Go mapping — i.e. if the two generated files drift apart.
  it.each(Object.keys(goJson.messages).filter((name) => !goJson.messages[name]?.slice))('%s renders', (name) => {
    const renderer = new GoJsonRenderer(goJson);
    const type = root.lookupType(name);
    expect(type).toBeInstanceOf(protobuf.Type);
    expect(() => renderer.renderMessage(type, {})).not.toThrow();
  });

  it('decodes an empty body for every registered kind', () => {
    const unknownType = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
    let decoded = 0;
    for (const [apiVersion, kinds] of Object.entries(goJson.kinds)) {
      for (const kind of Object.keys(kinds)) {
        const envelope = unknownType.encode(unknownType.fromObject({ typeMeta: { apiVersion, kind }, raw: new Uint8Array(0) })).finish();
        const object = decodeKubernetesProtobuf(Buffer.concat([MAGIC, envelope]));
        expect(object).toMatchObject({ apiVersion, kind });
        decoded += 1;
      }
    }
    expect(decoded).toBeGreaterThan(200);
  });
});
