/** rbac.authorization.k8s.io/v1 validation (pkg/apis/rbac/validation). */
import type { FieldError } from './field-error.js';
import { invalid, notSupported, required } from './errors.js';
import { GoLiteral, goQuote, goStringSlice } from './go-value.js';
import { isObject, objectArray, objectOrEmpty, str, stringArray, type JsonObject } from './json.js';
import { isDNS1123Subdomain, validateName } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { compileLabelSelector, validateLabelSelector } from './selector.js';

const rbacGroup = 'rbac.authorization.k8s.io';

function validatePolicyRule(rule: JsonObject, namespaced: boolean, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (stringArray(rule['verbs']).length === 0) errs.push(required(`${fldPath}.verbs`, 'verbs must contain at least one value'));
  const nonResourceURLs = stringArray(rule['nonResourceURLs']);
  if (nonResourceURLs.length > 0) {
    const rendered = new GoLiteral(goStringSlice(nonResourceURLs));
    if (namespaced) errs.push(invalid(`${fldPath}.nonResourceURLs`, rendered, 'namespaced rules cannot apply to non-resource URLs'));
    if (stringArray(rule['apiGroups']).length > 0 || stringArray(rule['resources']).length > 0 || stringArray(rule['resourceNames']).length > 0) {
      errs.push(invalid(`${fldPath}.nonResourceURLs`, rendered, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (stringArray(rule['apiGroups']).length === 0) errs.push(required(`${fldPath}.apiGroups`, 'resource rules must supply at least one api group'));
  if (stringArray(rule['resources']).length === 0) errs.push(required(`${fldPath}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

/** Role (namespaced) and ClusterRole. Upstream runs the create checks first, then the meta update. */
export function validateRole(role: JsonObject, namespaced: boolean, old?: JsonObject): FieldError[] {
  const errs = validateObjectMeta(role['metadata'], { namespaced, nameValidation: 'path' });
  objectArray(role['rules']).forEach((rule, i) => errs.push(...validatePolicyRule(rule, namespaced, `rules[${i}]`)));
  const aggregation = role['aggregationRule'];
  if (!namespaced && isObject(aggregation)) {
    const selectors = objectArray(aggregation['clusterRoleSelectors']);
    if (selectors.length === 0) {
      errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    }
    selectors.forEach((selector, i) => {
      const path = `aggregationRule.clusterRoleSelectors[${i}]`;
      errs.push(...validateLabelSelector(selector, path));
      if (compileLabelSelector(selector) === undefined) errs.push(invalid(path, null, 'invalid label selector.'));
    });
  }
  if (old) errs.push(...validateObjectMetaUpdate(role['metadata'], old['metadata']));
  return errs;
}

function validateSubject(subject: JsonObject, namespaced: boolean, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject['name']);
  const apiGroup = str(subject['apiGroup']);
  if (name === '') errs.push(required(`${fldPath}.name`));
  switch (str(subject['kind'])) {
    case 'ServiceAccount':
      if (name !== '') errs.push(...isDNS1123Subdomain(name).map((m) => invalid(`${fldPath}.name`, name, m)));
      if (apiGroup !== '') errs.push(notSupported(`${fldPath}.apiGroup`, apiGroup, ['']));
      if (!namespaced && str(subject['namespace']) === '') errs.push(required(`${fldPath}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== rbacGroup) errs.push(notSupported(`${fldPath}.apiGroup`, apiGroup, [rbacGroup]));
      break;
    default:
      errs.push(notSupported(`${fldPath}.kind`, str(subject['kind']), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** RoleBinding (namespaced) and ClusterRoleBinding; roleRef cannot change on update. */
export function validateRoleBinding(binding: JsonObject, namespaced: boolean, old?: JsonObject): FieldError[] {
  const errs = validateObjectMeta(binding['metadata'], { namespaced, nameValidation: 'path' });
  const roleRef = objectOrEmpty(binding['roleRef']);
  const apiGroup = str(roleRef['apiGroup']);
  const kind = str(roleRef['kind']);
  const name = str(roleRef['name']);
  if (apiGroup !== rbacGroup) errs.push(notSupported('roleRef.apiGroup', apiGroup, [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(kind)) errs.push(notSupported('roleRef.kind', kind, kinds));
  if (name === '') errs.push(required('roleRef.name'));
  else errs.push(...validateName('path', name, false).map((m) => invalid('roleRef.name', name, m)));
  objectArray(binding['subjects']).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  if (old) {
    errs.push(...validateObjectMetaUpdate(binding['metadata'], old['metadata']));
    const oldRef = objectOrEmpty(old['roleRef']);
    if (str(oldRef['apiGroup']) !== apiGroup || str(oldRef['kind']) !== kind || str(oldRef['name']) !== name) {
      const rendered = new GoLiteral(`rbac.RoleRef{APIGroup:${goQuote(apiGroup)}, Kind:${goQuote(kind)}, Name:${goQuote(name)}}`);
      errs.push(invalid('roleRef', rendered, 'cannot change roleRef'));
    }
  }
  return errs;
}
