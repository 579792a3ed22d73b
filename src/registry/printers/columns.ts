// Column-definition builders: upstream spells every column as a literal; these keep ours short.
import { swaggerDocs } from './swagger-docs.generated.js';
import type { TableColumnDefinition } from './types.js';

export function column(name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** `{Name: "Name", Type: "string", Format: "name", Description: ObjectMeta name}` */
export function nameColumn(): TableColumnDefinition {
  return column('Name', 'string', swaggerDocs.ObjectMeta.name, 0, 'name');
}

/** `{Name: "Age", Type: "string", Description: ObjectMeta creationTimestamp}` */
export function ageColumn(): TableColumnDefinition {
  return column('Age', 'string', swaggerDocs.ObjectMeta.creationTimestamp);
}

export const CONTAINERS_DESCRIPTION = 'Names of each container in the template.';
export const IMAGES_DESCRIPTION = 'Images referenced by each container in the template.';

/** The wide Containers and Images columns shared by the workload printers. */
export function containerColumns(): TableColumnDefinition[] {
  return [column('Containers', 'string', CONTAINERS_DESCRIPTION, 1), column('Images', 'string', IMAGES_DESCRIPTION, 1)];
}
