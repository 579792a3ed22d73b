/** One column of a metav1.Table, as kube-apiserver's printers declare it. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0 for default columns; 1 for the ones kubectl shows only with `-o wide`. */
  priority: number;
}

/** metav1.TableRowCondition: upstream marks rows of finished pods as Completed. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TablePrinter {
  columns: TableColumnDefinition[];
  /** One row's cells, in column order. kube-apiserver always prints the wide cells too. */
  cells(object: Record<string, unknown>, now: Date): unknown[];
  /** Row conditions, when upstream sets any (only pods do). */
  conditions?(object: Record<string, unknown>): TableRowCondition[] | undefined;
}

export type JsonObject = Record<string, unknown>;
