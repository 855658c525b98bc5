import type { Colors } from 'picocolors/types.js';

/** The colour of one cell, from its text and place; undefined leaves it plain. */
export type CellPaint = (cell: string, column: number, row: number) => ((text: string) => string) | undefined;

/**
 * The one text table of the reports (plan, apply, status): a dim header, then a line per row,
 * indented two spaces; each column padded to its widest cell, two spaces apart, except the last.
 * Cells are painted after padding, so colour codes never count towards a column's width.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], c: Colors, paint?: CellPaint): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[], row?: number) =>
    `  ${cells
      .map((cell, i) => {
        const text = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
        const colour = row === undefined ? undefined : paint?.(cell, i, row);
        return colour ? colour(text) : text;
      })
      .join('  ')}`.trimEnd();
  return [c.dim(line(header)), ...rows.map((cells, row) => line(cells, row))].join('\n') + '\n';
}
