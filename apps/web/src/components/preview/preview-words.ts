import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { UploadProblem } from './attachments';
import type { PreviewError } from './preview-chat-store';

/** A failed preview request in the page's language (the server's own words stay as it sent them). */
export function usePreviewErrorText(): (error: PreviewError) => string {
  const t = useTranslations('preview.errors');
  return useCallback(
    (error: PreviewError) => {
      switch (error.code) {
        case 'unreachable':
          return error.answer ? t('answerNotSent') : t('unreachable');
        case 'cut_off':
          return t('cutOff');
        case 'connection_lost':
          return t('connectionLost');
        case 'run_gone':
          return t('runGone');
        case 'server':
          return error.message ?? t('serverStatus', { status: error.status });
      }
    },
    [t],
  );
}

/** Why a file was refused, in the page's language (the server's own words stay as it sent them). */
export function useUploadProblemText(): (problem: UploadProblem) => string {
  const t = useTranslations('preview.upload');
  return useCallback(
    (problem: UploadProblem) => {
      switch (problem.code) {
        case 'server':
          return problem.message;
        case 'too_large':
          return t('tooLarge', { name: problem.name });
        case 'unsupported':
          return t('unsupported', { name: problem.name });
        case 'offline':
          return t('offline', { name: problem.name });
        case 'status':
          return t('status', { name: problem.name, status: problem.status });
        case 'too_many':
          return t('tooMany', { max: problem.max });
      }
    },
    [t],
  );
}
