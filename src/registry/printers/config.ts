// Configuration, policy and access kinds: printers.go printSecret, printConfigMap, printServiceAccount,
// printResourceQuota, printPodDisruptionBudget, printRoleBinding, printClusterRoleBinding,
// printMutatingWebhook, printValidatingWebhook, printValidatingAdmissionPolicy(Binding).
import { ageColumn, column, nameColumn } from './columns.js';
import { goStringCompare, translateTimestampSince } from './format.js';
import { arrayAt, creationTimestampOf, nameOf, numberAt, objectAt, objectPtr, objectsAt, stringAt, valueAt } from './json.js';
import { quantityOrZero } from './quantity.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter } from './types.js';

const docs = swaggerDocs;

function age(object: JsonObject, now: Date): string {
  return translateTimestampSince(creationTimestampOf(object), now);
}

function keyCount(object: JsonObject, field: string): number {
  return Object.keys(objectAt(object, field)).length;
}

export const secretPrinter: TablePrinter = {
  columns: [nameColumn(), column('Type', 'string', docs.Secret.type), column('Data', 'string', docs.Secret.data), ageColumn()],
  cells(secret, now) {
    // SetDefaults_Secret: type Opaque.
    return [nameOf(secret), stringAt(secret, 'type') || 'Opaque', keyCount(secret, 'data'), age(secret, now)];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn(), column('Data', 'string', docs.ConfigMap.data), ageColumn()],
  cells(configMap, now) {
    return [nameOf(configMap), keyCount(configMap, 'data') + keyCount(configMap, 'binaryData'), age(configMap, now)];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [nameColumn(), column('Secrets', 'string', docs.ServiceAccount.secrets), ageColumn()],
  cells(serviceAccount, now) {
    return [nameOf(serviceAccount), arrayAt(serviceAccount, 'secrets').length, age(serviceAccount, now)];
  },
};

/** printers.go `printResourceQuota`: "name: used/hard" per resource, limits.* in the Limit column. */
function quotaColumns(quota: JsonObject): [request: string, limit: string] {
  const hard = objectAt(quota, 'status', 'hard');
  const used = objectAt(quota, 'status', 'used');
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort(goStringCompare)) {
    const pieces = resource.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    target.push(`${resource}: ${quantityOrZero(used[resource])}/${quantityOrZero(hard[resource])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    ageColumn(),
  ],
  cells(quota, now) {
    return [nameOf(quota), ...quotaColumns(quota), age(quota, now)];
  },
};

/** intstr.IntOrString.String(). */
function intOrString(value: unknown): string {
  return typeof value === 'number' ? String(Math.trunc(value)) : String(value);
}

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  cells(pdb, now) {
    const minAvailable = valueAt(pdb, 'spec', 'minAvailable');
    const maxUnavailable = valueAt(pdb, 'spec', 'maxUnavailable');
    return [
      nameOf(pdb),
      minAvailable === undefined || minAvailable === null ? 'N/A' : intOrString(minAvailable),
      maxUnavailable === undefined || maxUnavailable === null ? 'N/A' : intOrString(maxUnavailable),
      numberAt(pdb, 'status', 'disruptionsAllowed'),
      age(pdb, now),
    ];
  },
};

/** rbac `SubjectsStrings`: users, groups and "namespace/name" service accounts, each ", "-joined. */
function subjectColumns(binding: JsonObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of objectsAt(binding, 'subjects')) {
    const name = stringAt(subject, 'name');
    switch (stringAt(subject, 'kind')) {
      case 'ServiceAccount':
        serviceAccounts.push(`${stringAt(subject, 'namespace')}/${name}`);
        break;
      case 'User':
        users.push(name);
        break;
      case 'Group':
        groups.push(name);
        break;
    }
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter(kindLabel: 'roleBinding' | 'clusterRoleBinding', roleRefDoc: string): TablePrinter {
  return {
    columns: [
      nameColumn(),
      column('Role', 'string', roleRefDoc),
      ageColumn(),
      column('Users', 'string', `Users in the ${kindLabel}`, 1),
      column('Groups', 'string', `Groups in the ${kindLabel}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${kindLabel}`, 1),
    ],
    cells(binding, now) {
      const roleRef = `${stringAt(binding, 'roleRef', 'kind')}/${stringAt(binding, 'roleRef', 'name')}`;
      return [nameOf(binding), roleRef, age(binding, now), ...subjectColumns(binding)];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding', docs.RoleBinding.roleRef);
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', docs.ClusterRoleBinding.roleRef);

function webhookConfigurationPrinter(): TablePrinter {
  return {
    columns: [
      nameColumn(),
      column('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'),
      ageColumn(),
    ],
    cells(configuration, now) {
      return [nameOf(configuration), arrayAt(configuration, 'webhooks').length, age(configuration, now)];
    },
  };
}

export const mutatingWebhookConfigurationPrinter = webhookConfigurationPrinter();
export const validatingWebhookConfigurationPrinter = webhookConfigurationPrinter();

export const validatingAdmissionPolicyPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Validations', 'integer', 'Validations indicates the number of validation rules defined in this configuration'),
    column('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy'),
    ageColumn(),
  ],
  cells(policy, now) {
    const paramKind = objectPtr(policy, 'spec', 'paramKind');
    return [
      nameOf(policy),
      arrayAt(policy, 'spec', 'validations').length,
      paramKind ? `${stringAt(paramKind, 'apiVersion')}/${stringAt(paramKind, 'kind')}` : '<unset>',
      age(policy, now),
    ];
  },
};

function paramRefName(binding: JsonObject): string {
  const paramRef = objectPtr(binding, 'spec', 'paramRef');
  if (!paramRef) return '<unset>';
  const name = stringAt(paramRef, 'name');
  if (name !== '') {
    const namespace = stringAt(paramRef, 'namespace');
    // Can't tell here whether the param is cluster-scoped, so a missing namespace prints as "*".
    return namespace !== '' ? `${namespace}/${name}` : `*/${name}`;
  }
  const selector = objectPtr(paramRef, 'selector');
  return selector ? goLabelSelectorStruct(selector) : '<unset>';
}

/** The gogo-protobuf `(*metav1.LabelSelector).String()` that upstream prints here (not selector syntax). */
function goLabelSelectorStruct(selector: JsonObject): string {
  const labels = objectAt(selector, 'matchLabels');
  const matchLabels = Object.keys(labels)
    .sort(goStringCompare)
    .map((key) => `${key}: ${String(labels[key])},`)
    .join('');
  const matchExpressions = objectsAt(selector, 'matchExpressions')
    .map((expression) => {
      const values = arrayAt(expression, 'values').map(String).join(' ');
      return `LabelSelectorRequirement{Key:${stringAt(expression, 'key')},Operator:${stringAt(expression, 'operator')},Values:[${values}],},`;
    })
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${matchLabels}},MatchExpressions:[]LabelSelectorRequirement{${matchExpressions}},}`;
}

export const validatingAdmissionPolicyBindingPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
    column('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
    ageColumn(),
  ],
  cells(binding, now) {
    return [nameOf(binding), stringAt(binding, 'spec', 'policyName'), paramRefName(binding), age(binding, now)];
  },
};
