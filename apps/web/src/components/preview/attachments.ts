import type { Format } from '@/i18n/format';

/** A file part of a chat message as `useChat` sends it; `url` names an uploaded file (`agentry-file:<id>`). */
export interface ChatFilePart {
  type: 'file';
  mediaType: string;
  url: string;
  filename: string;
  /** Bytes, when known (shown on the chip; the server ignores it). */
  size?: number;
}

/**
 * Why a file was refused, as data for the panel to put in words: the server's own message when it sent
 * one (it names the limit for a 413 and the accepted kinds for a kind it refuses), else what is known.
 */
export type UploadProblem =
  /** The server's words. */
  | { code: 'server'; message: string }
  | { code: 'too_large' | 'unsupported' | 'offline'; name: string }
  | { code: 'status'; name: string; status: number }
  | { code: 'too_many'; max: number };

/** One file in the composer: uploading, uploaded (a file part to send) or refused (with the reason). */
export type Attachment =
  | { key: string; name: string; size: number; status: 'uploading' }
  | { key: string; name: string; size: number; status: 'ready'; part: ChatFilePart }
  | { key: string; name: string; size: number; status: 'failed'; error: UploadProblem };

/** Most files one message may carry (the server refuses more). */
export const MAX_ATTACHMENTS = 10;

/** The prefix of an uploaded file's url in a file part. */
export const FILE_URL_PREFIX = 'agentry-file:';

/** "12 KB", "3.4 MB": a size for a chip, its number written the locale's way. */
export function formatSize(bytes: number, format: Pick<Format, 'number'>): string {
  if (bytes < 1024) return `${format.number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format.number(Math.round(bytes / 1024))} KB`;
  const megabytes = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  return `${format.number(bytes / (1024 * 1024), megabytes)} MB`;
}

/** Why an upload was refused: the server's own message when it sent one, else what the status says. */
export async function uploadError(response: Response, name: string): Promise<UploadProblem> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (typeof body.error?.message === 'string') return { code: 'server', message: body.error.message };
  } catch {}
  if (response.status === 413) return { code: 'too_large', name };
  if (response.status === 415) return { code: 'unsupported', name };
  return { code: 'status', name, status: response.status };
}

/**
 * The files of the message being written, framework-free: each added file is uploaded at once to
 * `POST /api/v1/agents/:id/files`, shown as uploading, then as a file part to send or with the reason
 * it was refused. Sending takes the uploaded parts and empties the tray.
 */
export class AttachmentTray {
  private items: Attachment[] = [];
  private listeners = new Set<() => void>();
  private next = 0;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly uploadUrl: string,
    fetchImpl?: typeof fetch,
  ) {
    this.fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The files, in the order they were added (a new array after each change). */
  getState = (): readonly Attachment[] => this.items;

  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(key: string, next: Attachment | undefined): void {
    this.items = next
      ? this.items.map((item) => (item.key === key ? next : item))
      : this.items.filter((item) => item.key !== key);
    for (const listener of this.listeners) listener();
  }

  /** Whether a file is still uploading (sending waits for it). */
  get uploading(): boolean {
    return this.items.some((item) => item.status === 'uploading');
  }

  /** The uploaded files as file parts, for the message. */
  parts(): ChatFilePart[] {
    return this.items.flatMap((item) => (item.status === 'ready' ? [item.part] : []));
  }

  /** Adds files and uploads each; past MAX_ATTACHMENTS a file is shown refused, not uploaded. */
  add(files: Iterable<File>): Promise<void> {
    const uploads: Promise<void>[] = [];
    for (const file of files) {
      const key = `file-${++this.next}`;
      const base = { key, name: file.name || 'file', size: file.size };
      const full = this.items.filter((item) => item.status !== 'failed').length >= MAX_ATTACHMENTS;
      this.items = [
        ...this.items,
        full
          ? { ...base, status: 'failed', error: { code: 'too_many', max: MAX_ATTACHMENTS } }
          : { ...base, status: 'uploading' },
      ];
      if (!full) uploads.push(this.upload(key, file));
    }
    for (const listener of this.listeners) listener();
    return Promise.all(uploads).then(() => undefined);
  }

  private async upload(key: string, file: File): Promise<void> {
    const name = file.name || 'file';
    const base = { key, name, size: file.size };
    const form = new FormData();
    form.append('file', file, name);
    let response: Response;
    try {
      response = await this.fetch(this.uploadUrl, { method: 'POST', body: form });
    } catch {
      this.settle(key, { ...base, status: 'failed', error: { code: 'offline', name } });
      return;
    }
    if (!response.ok) {
      this.settle(key, { ...base, status: 'failed', error: await uploadError(response, name) });
      return;
    }
    const stored = (await response.json()) as { id: string; name: string; mediaType: string; size: number };
    this.settle(key, {
      ...base,
      size: stored.size,
      status: 'ready',
      part: {
        type: 'file',
        mediaType: stored.mediaType,
        url: `${FILE_URL_PREFIX}${stored.id}`,
        filename: stored.name,
        size: stored.size,
      },
    });
  }

  /** Records an upload's outcome, unless the file was removed meanwhile. */
  private settle(key: string, outcome: Attachment): void {
    if (this.items.some((item) => item.key === key)) this.update(key, outcome);
  }

  /** Takes a file off the message (an upload still going is then ignored when it ends). */
  remove(key: string): void {
    this.update(key, undefined);
  }

  /** Empties the tray (after a send, or a new conversation). */
  clear(): void {
    this.items = [];
    for (const listener of this.listeners) listener();
  }
}

/** The files a paste or drop carries (a pasted screenshot is a file item of the clipboard). */
export function filesOf(data: DataTransfer | null): File[] {
  if (!data) return [];
  if (data.files.length > 0) return [...data.files];
  return [...data.items].flatMap((item) => {
    const file = item.kind === 'file' ? item.getAsFile() : null;
    return file ? [file] : [];
  });
}
