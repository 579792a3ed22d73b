/** The ObjectPolicies of the built-in kinds: upstream defaulting, validation and managedFields. */
import { trackUpdate } from '../apply/index.js';
import { applyDefaults } from '../defaults/index.js';
import { fillGoValueStructs } from './go-value-structs.js';
import type { ManagedFieldsArgs, ObjectPolicies } from '../generic/policies.js';
import type { KubeObject } from '../object.js';
import type { SchemaSource } from '../schema/types.js';
import { formatFieldError, formatFieldErrorBody, validateObject } from '../validation/index.js';

export function builtinPolicies(schemas: SchemaSource): ObjectPolicies {
  return {
    applyDefaults(group, kind, object) {
      // Upstream decodes into Go structs before defaulting: empty value structs appear first.
      fillGoValueStructs(object.apiVersion ?? '', kind, object as Record<string, unknown>);
      applyDefaults(group, kind, object);
    },
    validate: (group, kind, _namespaced, object, old) => validateObject(group, kind, object, old),
    formatFieldError,
    formatFieldErrorBody,
    trackManagedFields(args: ManagedFieldsArgs): KubeObject {
      const version = args.apiVersion.split('/').pop()!;
      const schema = schemas.forKind({ group: args.group, version, kind: args.kind });
      const common = { live: args.live, updated: args.updated, manager: args.manager, apiVersion: args.apiVersion, schema, now: args.now };
      const scoped = args.subresource ? { ...common, subresource: args.subresource } : common;
      return trackUpdate(args.resetFields ? { ...scoped, resetFields: args.resetFields } : scoped) as KubeObject;
    },
  };
}
