'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'next-intl';
import { type ChangeEvent, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button } from '../ui';
import {
  type CaseFileFormat,
  caseFileFormat,
  caseFileProblem,
  downloadCaseFile,
  importProblems,
} from './case-file';
import { useEvalWords } from './words';

/** How the last import went, shown under the buttons. */
type ImportNote =
  | { kind: 'added'; fileName: string; added: number }
  | { kind: 'refused'; fileName: string; heading: string; lines: string[] };

/** The refusal of an import: what was wrong, line by line; nothing was added. */
function RefusedImport({ note }: { note: Extract<ImportNote, { kind: 'refused' }> }) {
  const t = useTranslations('evals.transfer');
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      <p className="font-medium">{t('notImported', { fileName: note.fileName })}</p>
      <p>{note.heading}</p>
      {note.lines.length > 0 ? (
        <ul
          className="mt-1 max-h-48 list-disc space-y-0.5 overflow-y-auto pl-5 text-xs"
          data-testid="import-problems"
        >
          {note.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p className="mt-1 text-xs">{t('nothingAdded')}</p>
    </div>
  );
}

/**
 * Imports a case file (.jsonl or .csv; all of it or, on any bad line, none of it) and exports the agent's
 * cases in either format.
 */
export function CaseTransfer({
  agentId,
  canEdit,
  caseCount,
  onImported,
}: {
  agentId: string;
  canEdit: boolean;
  caseCount: number;
  onImported: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals.transfer');
  const words = useEvalWords();
  const queryClient = useQueryClient();
  const picker = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<ImportNote | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<CaseFileFormat | null>(null);
  const importCases = useMutation(trpc.evals.importCases.mutationOptions());

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    const format = file ? caseFileFormat(file.name) : null;
    if (!file) return;
    const problem = caseFileProblem(file, words);
    if (problem || !format) {
      setNote({ kind: 'refused', fileName: file.name, heading: problem ?? t('unknownFormat'), lines: [] });
      return;
    }
    setNote(null);
    try {
      const { added } = await importCases.mutateAsync({ agentId, format, text: await file.text() });
      setNote({ kind: 'added', fileName: file.name, added });
      onImported();
    } catch (error) {
      const details =
        error instanceof TRPCClientError ? (error.data as { details?: unknown })?.details : undefined;
      setNote({
        kind: 'refused',
        fileName: file.name,
        ...importProblems(errorMessage(error), words.t, details),
      });
    }
  }

  async function exportAs(format: CaseFileFormat) {
    setExportError(null);
    setExporting(format);
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.evals.exportCases.queryOptions({ agentId, format }),
        staleTime: 0,
      });
      downloadCaseFile(file.filename, file.text, format);
    } catch (error) {
      setExportError(t('exportFailed', { error: errorMessage(error) }));
    } finally {
      setExporting(null);
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canEdit ? (
          <>
            <Button
              variant="secondary"
              disabled={importCases.isPending}
              onClick={() => picker.current?.click()}
            >
              {importCases.isPending ? t('importing') : t('import')}
            </Button>
            <input
              ref={picker}
              type="file"
              accept=".jsonl,.ndjson,.csv,application/x-ndjson,text/csv"
              className="hidden"
              data-testid="case-import-file"
              aria-label={t('fileLabel')}
              onChange={(event) => void onFile(event)}
            />
          </>
        ) : null}
        <Button
          variant="secondary"
          disabled={caseCount === 0 || exporting !== null}
          onClick={() => void exportAs('jsonl')}
        >
          {exporting === 'jsonl' ? t('exporting') : t('exportJsonl')}
        </Button>
        <Button
          variant="secondary"
          disabled={caseCount === 0 || exporting !== null}
          onClick={() => void exportAs('csv')}
        >
          {exporting === 'csv' ? t('exporting') : t('exportCsv')}
        </Button>
      </div>
      {note?.kind === 'added' ? (
        <p role="status" className="text-sm text-emerald-700">
          {t('added', { count: note.added, fileName: note.fileName })}
        </p>
      ) : null}
      {note?.kind === 'refused' ? <RefusedImport note={note} /> : null}
      {exportError ? (
        <p role="alert" className="text-sm text-red-700">
          {exportError}
        </p>
      ) : null}
    </div>
  );
}
