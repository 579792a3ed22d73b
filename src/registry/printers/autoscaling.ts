// HorizontalPodAutoscaler: printers.go printHorizontalPodAutoscaler and formatHPAMetrics, over either an
// autoscaling/v2 object or an autoscaling/v1 one (converted the way Convert_v1_HorizontalPodAutoscaler… does).
import { ageColumn, column, nameColumn } from './columns.js';
import { translateTimestampSince } from './format.js';
import { creationTimestampOf, nameOf, numberAt, numberPtr, objectAt, objectPtr, objectsAt, stringAt, valueAt } from './json.js';
import { canonicalQuantity } from './quantity.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter } from './types.js';

interface Metrics {
  specs: JsonObject[];
  statuses: JsonObject[];
}

function isV1(hpa: JsonObject): boolean {
  const apiVersion = stringAt(hpa, 'apiVersion');
  if (apiVersion !== '') return apiVersion === 'autoscaling/v1';
  return !Array.isArray(valueAt(hpa, 'spec', 'metrics')) && valueAt(hpa, 'spec', 'targetCPUUtilizationPercentage') !== undefined;
}

/**
 * The CPU target of an autoscaling/v1 object as a v2 metric. The extra metrics v1 keeps in the
 * autoscaling.alpha.kubernetes.io/* annotations are not decoded.
 */
function v1Metrics(hpa: JsonObject): Metrics {
  const target = numberPtr(hpa, 'spec', 'targetCPUUtilizationPercentage');
  const current = numberPtr(hpa, 'status', 'currentCPUUtilizationPercentage');
  return {
    specs: target === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
    statuses: current === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }],
  };
}

function hasField(object: JsonObject, ...path: string[]): boolean {
  const value = valueAt(object, ...path);
  return value !== undefined && value !== null;
}

/** One "current/target" entry; `source` is the metric-source field (resource, pods, object, …). */
function formatMetric(spec: JsonObject, status: JsonObject | undefined, source: string): string {
  const target = objectAt(spec, source, 'target');
  const statusSource = status ? objectPtr(status, source) : undefined;
  const current = statusSource ? objectAt(statusSource, 'current') : undefined;
  const resourceName = source === 'resource' || source === 'containerResource' ? `${stringAt(spec, source, 'name')}: ` : '';
  if (source === 'pods') {
    return `${current ? canonicalQuantity(valueAt(current, 'averageValue')) : '<unknown>'}/${canonicalQuantity(valueAt(target, 'averageValue'))}`;
  }
  if (hasField(target, 'averageValue')) {
    let currentText = '<unknown>';
    // External and Object metrics only take the current average when it is set; Resource ones always do.
    if (current && (resourceName !== '' || hasField(current, 'averageValue'))) currentText = canonicalQuantity(valueAt(current, 'averageValue'));
    const suffix = resourceName === '' ? ' (avg)' : '';
    return `${resourceName}${currentText}/${canonicalQuantity(valueAt(target, 'averageValue'))}${suffix}`;
  }
  if (resourceName !== '') {
    const utilization = current ? numberPtr(current, 'averageUtilization') : undefined;
    const targetUtilization = numberPtr(target, 'averageUtilization');
    const currentText = utilization === undefined ? '<unknown>' : `${utilization}%`;
    return `${resourceName}${currentText}/${targetUtilization === undefined ? '<auto>' : `${targetUtilization}%`}`;
  }
  const currentText = current ? canonicalQuantity(valueAt(current, 'value')) : '<unknown>';
  return `${currentText}/${canonicalQuantity(valueAt(target, 'value'))}`;
}

const SOURCE_BY_TYPE: Record<string, string> = {
  External: 'external',
  Pods: 'pods',
  Object: 'object',
  Resource: 'resource',
  ContainerResource: 'containerResource',
};

/** printers.go `formatHPAMetrics`: at most two entries, then "+ N more...". */
export function formatHPAMetrics({ specs, statuses }: Metrics): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => {
    const source = SOURCE_BY_TYPE[stringAt(spec, 'type')];
    return source === undefined ? '<unknown type>' : formatMetric(spec, statuses[i], source);
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Reference', 'string', swaggerDocs.HorizontalPodAutoscalerSpec.scaleTargetRef),
    column('Targets', 'string', swaggerDocs.HorizontalPodAutoscalerSpec.metrics),
    column('MinPods', 'string', swaggerDocs.HorizontalPodAutoscalerSpec.minReplicas),
    column('MaxPods', 'string', swaggerDocs.HorizontalPodAutoscalerSpec.maxReplicas),
    column('Replicas', 'string', swaggerDocs.HorizontalPodAutoscalerStatus.currentReplicas),
    ageColumn(),
  ],
  cells(hpa, now) {
    const metrics = isV1(hpa)
      ? v1Metrics(hpa)
      : { specs: objectsAt(hpa, 'spec', 'metrics'), statuses: objectsAt(hpa, 'status', 'currentMetrics') };
    return [
      nameOf(hpa),
      `${stringAt(hpa, 'spec', 'scaleTargetRef', 'kind')}/${stringAt(hpa, 'spec', 'scaleTargetRef', 'name')}`,
      formatHPAMetrics(metrics),
      // SetDefaults_HorizontalPodAutoscaler (v1 and v2): minReplicas 1.
      String(numberPtr(hpa, 'spec', 'minReplicas') ?? 1),
      numberAt(hpa, 'spec', 'maxReplicas'),
      numberAt(hpa, 'status', 'currentReplicas'),
      translateTimestampSince(creationTimestampOf(hpa), now),
    ];
  },
};
