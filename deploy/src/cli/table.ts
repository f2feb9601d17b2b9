/** Aligned text columns, as a person reads `ls -l` or `ps`: a header row, then one row per item. */

/**
 * Formats rows under headers, each column as wide as its widest cell, separated by two spaces.
 * Trailing spaces are trimmed so that the output pastes cleanly.
 *
 * @example formatTable(['SLOT', 'STATE'], [['styx-1', 'RUNNING']])
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
