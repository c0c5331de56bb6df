import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Table, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import {
  flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type Row, type SortingState,
} from '@tanstack/react-table';
import { EmptyState } from './EmptyState.tsx';

/** Per-column display hints, set in a column's `meta`. */
export interface DataTableColumnMeta {
  /** Dates, times, doses: never wrap inside the cell. */
  nowrap?: boolean;
  align?: 'left' | 'right' | 'center';
  /** The cell that names the row (rendered as a row header, `th scope=row`). */
  rowHeader?: boolean;
}

export interface DataTableProps<T> {
  data: readonly T[];
  columns: ColumnDef<T, unknown>[];
  /** The table's accessible name, shown as its caption. */
  caption: string;
  /** Hide the caption visually (a heading right above already says it). */
  captionHidden?: boolean;
  getRowId: (row: T) => string;
  /** Enter or click on a row. Rows are focusable (Tab into the table, ArrowUp/ArrowDown between rows). */
  onRowOpen?: (row: T) => void;
  initialSorting?: SortingState;
  emptyTitle?: string;
  emptyText?: ReactNode;
  /** Pixels from the top of the scroll container at which the header sticks (under a sticky app bar). */
  stickyHeaderOffset?: number;
  rowProps?: (row: T) => { className?: string; 'data-testid'?: string };
}

const metaOf = (m: unknown): DataTableColumnMeta => (m ?? {}) as DataTableColumnMeta;

/**
 * The one table for lists of clinical records: dense, sortable headers (aria-sort), a sticky header,
 * keyboard row focus, and an explicit empty state instead of a blank area.
 */
export function DataTable<T>({
  data, columns, caption, captionHidden = false, getRowId, onRowOpen, initialSorting = [], emptyTitle = 'Nothing to show', emptyText,
  stickyHeaderOffset = 0, rowProps,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable<T>({
    data: data as T[],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => getRowId(r),
  });
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const rows = table.getRowModel().rows;

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, row: Row<T>, index: number) => {
    const focusRow = (i: number) => {
      const el = bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]')[i];
      el?.focus();
    };
    if (e.key === 'ArrowDown') { e.preventDefault(); focusRow(Math.min(index + 1, rows.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); focusRow(Math.max(index - 1, 0)); }
    else if (e.key === 'Home') { e.preventDefault(); focusRow(0); }
    else if (e.key === 'End') { e.preventDefault(); focusRow(rows.length - 1); }
    else if (e.key === 'Enter' && onRowOpen !== undefined) { e.preventDefault(); onRowOpen(row.original); }
  };

  return (
    <Table stickyHeader stickyHeaderOffset={stickyHeaderOffset} striped={false} withTableBorder={false} className="lantern-data-table">
      {captionHidden ? <caption><VisuallyHidden>{caption}</VisuallyHidden></caption> : <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600, marginTop: 0 }}>{caption}</Table.Caption>}
      <Table.Thead>
        {table.getHeaderGroups().map((hg) => (
          <Table.Tr key={hg.id}>
            {hg.headers.map((h) => {
              const meta = metaOf(h.column.columnDef.meta);
              const sorted = h.column.getIsSorted();
              const label = h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext());
              return (
                <Table.Th key={h.id} scope="col" style={{ textAlign: meta.align ?? 'left', whiteSpace: 'nowrap' }}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : h.column.getCanSort() ? 'none' : undefined}>
                  {h.column.getCanSort() ? (
                    <UnstyledButton onClick={h.column.getToggleSortingHandler()} style={{ fontWeight: 700, display: 'inline-flex', gap: 4, alignItems: 'center' }}>
                      {label}
                      <span aria-hidden style={{ display: 'inline-flex' }}>
                        {sorted === 'asc' ? <IconArrowUp size={14} /> : sorted === 'desc' ? <IconArrowDown size={14} /> : <IconArrowsSort size={14} opacity={0.6} />}
                      </span>
                    </UnstyledButton>
                  ) : label}
                </Table.Th>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Thead>
      <Table.Tbody ref={bodyRef}>
        {rows.length === 0 ? (
          <Table.Tr>
            <Table.Td colSpan={columns.length}><EmptyState title={emptyTitle}>{emptyText}</EmptyState></Table.Td>
          </Table.Tr>
        ) : rows.map((row, i) => (
          <Table.Tr key={row.id} data-row tabIndex={onRowOpen === undefined ? undefined : 0} {...(rowProps?.(row.original) ?? {})}
            onKeyDown={onRowOpen === undefined ? undefined : (e) => onRowKey(e, row, i)}
            onClick={onRowOpen === undefined ? undefined : () => onRowOpen(row.original)}
            style={onRowOpen === undefined ? undefined : { cursor: 'pointer' }}>
            {row.getVisibleCells().map((cell) => {
              const meta = metaOf(cell.column.columnDef.meta);
              const style = { textAlign: meta.align ?? 'left', whiteSpace: meta.nowrap === true ? 'nowrap' : undefined } as const;
              const content = flexRender(cell.column.columnDef.cell, cell.getContext());
              return meta.rowHeader === true
                ? <Table.Th key={cell.id} scope="row" style={{ ...style, fontWeight: 600 }}>{content}</Table.Th>
                : <Table.Td key={cell.id} style={style}>{content}</Table.Td>;
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
