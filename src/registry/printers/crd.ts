// Custom resources: apiextensions-apiserver's tableconvertor. Columns are Name followed by the version's
// additionalPrinterColumns, or Name + Age when it declares none (helpers.go serveDefaultColumnsIfEmpty).
import { nameColumn, column } from './columns.js';
import { humanDuration, isRfc3339 } from './format.js';
import { evaluate, JsonPathSyntaxError, parseJsonPath, type JsonPath } from './jsonpath.js';
import { isObject, nameOf } from './json.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { TableColumnDefinition, TablePrinter } from './types.js';

/** apiextensions/v1 CustomResourceColumnDefinition. */
export interface CustomResourceColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const DEFAULT_COLUMNS: CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', description: swaggerDocs.ObjectMeta.creationTimestamp, jsonPath: '.metadata.creationTimestamp' },
];

/** Go's `%v` of a float64 (strconv 'g', shortest): exponent form below 1e-4 and from 1e6 up. */
export function goFormatFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 21 || (exponent >= 6 && !Number.isInteger(value))) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** encoding/json Marshal: map keys sorted, HTML characters escaped. */
function goJsonMarshal(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((key) => [key, sortKeys(v[key])]));
    return v;
  };
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** jsonpath PrintResults of a single value: objects and arrays as JSON, scalars as Go prints them. */
function printForStringColumn(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : goFormatFloat(value);
  if (typeof value === 'boolean') return String(value);
  return goJsonMarshal(value);
}

/** tableconvertor `cellForJSONValue`: a cell of the column's type, or null when the value does not fit. */
function cellForJSONValue(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      if (value === '' || value === 'null') return '<unknown>';
      if (!isRfc3339(value)) return '<invalid>';
      return humanDuration(now.getTime() - Date.parse(value));
    default:
      return null;
  }
}

/**
 * The Table printer of one custom resource version. A column whose jsonPath cannot be parsed ends the
 * column list there, as upstream keeps the columns built before the failure.
 */
export function crdPrinter(additionalPrinterColumns: CustomResourceColumnDefinition[] | undefined): TablePrinter {
  const definitions = additionalPrinterColumns && additionalPrinterColumns.length > 0 ? additionalPrinterColumns : DEFAULT_COLUMNS;
  const columns: TableColumnDefinition[] = [nameColumn()];
  const paths: JsonPath[] = [];
  for (const definition of definitions) {
    let path: JsonPath;
    try {
      path = parseJsonPath(definition.jsonPath);
    } catch (error) {
      if (error instanceof JsonPathSyntaxError) break;
      throw error;
    }
    paths.push(path);
    const description = definition.description
      ? definition.description
      : `Custom resource definition column (in JSONPath format): ${definition.jsonPath}`;
    columns.push(column(definition.name, definition.type, description, definition.priority ?? 0, definition.format ?? ''));
  }
  return {
    columns,
    cells(object, now) {
      const cells: unknown[] = [nameOf(object)];
      paths.forEach((path, i) => {
        const results = evaluate(path, object);
        if (results.length === 0) {
          cells.push(null);
          return;
        }
        // Only the first match counts, as upstream assumes simple paths.
        const type = columns[i + 1]!.type;
        cells.push(type === 'string' ? printForStringColumn(results[0]) : cellForJSONValue(type, results[0], now));
      });
      return cells;
    },
  };
}
