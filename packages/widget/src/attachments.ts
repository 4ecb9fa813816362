import type { FilePart, WidgetClient, WidgetConfig, WidgetError } from './api';
import type { WordKey } from './lang-en';

/** What the file picker offers for each kind the owner accepts (the server checks the bytes anyway). */
const ACCEPT: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: '.txt,text/plain',
  md: '.md',
  docx: '.docx',
  csv: '.csv',
  json: '.json',
};

/** The picker's `accept` for the kinds the owner allows. */
export function acceptOf(kinds: readonly string[]): string {
  return kinds
    .map((kind) => ACCEPT[kind] ?? '')
    .filter(Boolean)
    .join(',');
}

/** "12 KB", "1.5 MB". */
export function size(bytes: number): string {
  return bytes < 1048576
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1048576).toFixed(1)} MB`;
}

interface Item {
  chip: HTMLElement;
  file: File;
  /** The upload: its file part, or undefined when it was refused (the chip says why). */
  upload: Promise<FilePart | undefined>;
}

/** A file the visitor sent: its part for the server, and a local object URL when it is an image. */
export interface SentFile {
  part: FilePart;
  name: string;
  image?: string;
}

/**
 * The files of the visitor's next message: each is uploaded as soon as it is added (too large ones are
 * refused before any byte leaves), shown as a chip with its name, size, state and a remove button.
 */
export class Attachments {
  private items: Item[] = [];

  constructor(
    private readonly client: WidgetClient,
    /** The list the chips go in. */
    readonly list: HTMLElement,
    /** The widget's words in the visitor's language. */
    private readonly t: (key: WordKey, values?: Record<string, string | number>) => string,
    /** A failure's message in the visitor's language. */
    private readonly say: (error: WidgetError) => string,
  ) {}

  /** Whether nothing is attached. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Adds and uploads files under the owner's limits. */
  add(files: Iterable<File>, limits: NonNullable<WidgetConfig['files']>): void {
    for (const file of files) {
      const chip = document.createElement('li');
      const label = document.createElement('span');
      label.textContent = `${file.name} · ${size(file.size)}`;
      const state = document.createElement('span');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '×';
      remove.setAttribute('aria-label', this.t('remove', { name: file.name }));
      chip.append(label, state, remove);
      const refuse = (reason: string) => {
        chip.className = 'err';
        state.setAttribute('role', 'alert');
        state.textContent = reason;
        return undefined;
      };
      let upload: Promise<FilePart | undefined>;
      if (this.items.length >= 10) upload = Promise.resolve(refuse(this.t('maxFiles')));
      else if (file.size > limits.maxFileMb * 1048576)
        upload = Promise.resolve(refuse(this.t('tooLarge', { mb: limits.maxFileMb })));
      else {
        chip.className = 'up';
        state.textContent = this.t('uploading');
        upload = this.client.upload(file).then(
          (part) => {
            chip.className = '';
            state.textContent = '';
            return part;
          },
          (error: WidgetError) => refuse(this.say(error)),
        );
      }
      const item = { chip, file, upload };
      remove.addEventListener('click', () => {
        this.items = this.items.filter((entry) => entry !== item);
        chip.remove();
        this.list.hidden = this.empty;
      });
      this.items.push(item);
      this.list.append(chip);
    }
    this.list.hidden = this.empty;
  }

  /** Waits for the uploads, then takes the files that were stored (refused ones are dropped) and empties the list. */
  async take(): Promise<SentFile[]> {
    const items = this.items;
    const parts = await Promise.all(items.map((item) => item.upload));
    this.clear();
    return items.flatMap((item, index) => {
      const part = parts[index];
      if (!part) return [];
      const image = part.mediaType.startsWith('image/') ? URL.createObjectURL(item.file) : undefined;
      return [{ part, name: item.file.name, image }];
    });
  }

  /** Forgets every file. */
  clear(): void {
    this.items = [];
    this.list.replaceChildren();
    this.list.hidden = true;
  }
}

/** The files a paste or drop carries. */
export function filesOf(data: DataTransfer | null): File[] {
  if (!data) return [];
  if (data.files.length > 0) return [...data.files];
  return [...data.items].flatMap((item) => {
    const file = item.kind === 'file' ? item.getAsFile() : null;
    return file ? [file] : [];
  });
}
