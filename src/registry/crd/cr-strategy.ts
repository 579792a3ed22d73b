/**
 * Strategy, defaulting and validation of custom resources (apiextensions-apiserver
 * registry/customresource strategy.go and validator.go). The ObjectPolicies and StrategyLookup
 * wrappers send custom resources here and everything else to the built-in implementations.
 */
import type { ResourceCatalog, ResourceInfo } from '../catalog.js';
import { apiErrors, ApiError } from '../errors.js';
import type { ManagedFieldsArgs, ObjectPolicies } from '../generic/policies.js';
import type { StrategyLookup } from '../generic/registry.js';
import { jsonEqual, parseApiVersion, type KubeObject } from '../object.js';
import type { Strategy } from '../strategy.js';
import type { FieldError } from '../validation/field-error.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { crdStrategy } from './crd-strategy.js';
import { applySchemaDefaults, pruneObject, validateValue } from './schema.js';
import { hasValidationRules, validateRules } from './validation-rules.js';
import { CRD_GROUP, CRD_RESOURCE, type CustomResourceDetails } from './types.js';

/** Everything but metadata (and status, when it has its own endpoint) counts for generation. */
function nonMetadata(o: KubeObject, statusEnabled: boolean): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
  if (statusEnabled) delete rest.status;
  return rest;
}

export function customResourceStrategy(info: ResourceInfo, custom: CustomResourceDetails): Strategy {
  return {
    allowCreateOnUpdate: false,
    // Upstream's customResourceStrategy.AllowUnconditionalUpdate is false: PUT needs a resourceVersion.
    allowUnconditionalUpdate: false,
    trackGeneration: true,
    prepareForCreate(object) {
      if (custom.terminating) {
        const err = apiErrors.methodNotSupported({ group: info.group, resource: info.resource }, 'create');
        throw new ApiError(err.code, err.reason, 'create not allowed while custom resource definition is terminating', err.details);
      }
      if (custom.statusEnabled) delete object.status;
    },
    specChanged: (next, old) => !jsonEqual(nonMetadata(next, custom.statusEnabled), nonMetadata(old, custom.statusEnabled)),
  };
}

export class CustomResourceStrategies implements StrategyLookup {
  private readonly cache = new WeakMap<ResourceInfo, Strategy>();

  constructor(private readonly builtin: StrategyLookup) {}

  strategyFor(info: ResourceInfo): Strategy {
    if (!info.custom && !(info.group === CRD_GROUP && info.resource === CRD_RESOURCE)) return this.builtin.strategyFor(info);
    let strategy = this.cache.get(info);
    if (!strategy) {
      strategy = info.custom ? customResourceStrategy(info, info.custom) : crdStrategy(info, this.builtin.strategyFor(info));
      this.cache.set(info, strategy);
    }
    return strategy;
  }
}

/** Schema-driven defaulting (with pruning) and validation of one object of a custom kind. */
export function defaultCustomResource(object: KubeObject, custom: CustomResourceDetails): void {
  pruneObject(object, custom.schema);
  applySchemaDefaults(object, custom.schema);
}

export function validateCustomResource(object: KubeObject, custom: CustomResourceDetails, namespaced: boolean, old?: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  if (old) errors.push(...validateObjectMetaUpdate(object.metadata, old.metadata));
  errors.push(...validateObjectMeta(object.metadata, { namespaced, nameValidation: 'dns1123Subdomain' }));
  errors.push(...validateValue(object, custom.schema));
  if (hasValidationRules(custom.schema)) {
    // As upstream: rules are not run on an object the schema already refused in a way that could
    // make them fail to evaluate; one fieldless cause says so.
    if (errors.some((e) => BLOCKING_ERRORS.has(e.type))) {
      errors.push({ type: 'FieldValueInvalid', field: '<nil>', badValue: null, detail: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation' });
    } else {
      errors.push(...validateRules(object, custom.schema, old));
    }
  }
  return errors;
}

/** Schema errors after which validation rules are not evaluated (hasBlockingErr). */
const BLOCKING_ERRORS = new Set<FieldError['type']>(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

/** ObjectPolicies that handle custom kinds (found in the catalog) and pass the rest to `base`. */
export function withCustomResourcePolicies(base: ObjectPolicies, catalog: ResourceCatalog): ObjectPolicies {
  const customOf = (group: string, kind: string, object: KubeObject): ResourceInfo | undefined => {
    if (!object.apiVersion) return undefined;
    const { version } = parseApiVersion(object.apiVersion);
    const info = catalog.byKind(group, version, kind);
    return info?.custom ? info : undefined;
  };
  return {
    ...base,
    applyDefaults(group, kind, object) {
      const info = customOf(group, kind, object);
      if (info?.custom) defaultCustomResource(object, info.custom);
      else base.applyDefaults(group, kind, object);
    },
    validate(group, kind, namespaced, object, old) {
      const info = customOf(group, kind, object);
      if (info?.custom) return validateCustomResource(object, info.custom, info.namespaced, old);
      return base.validate(group, kind, namespaced, object, old);
    },
    trackManagedFields: (args: ManagedFieldsArgs) => base.trackManagedFields(args),
  };
}
