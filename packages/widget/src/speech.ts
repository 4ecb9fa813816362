/** The parts of the Web Speech API's recognition the widget uses. */
interface Recognition {
  lang: string;
  interimResults: boolean;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

/** The browser's speech recognition constructor, where it has one. */
export function speechRecognition(): (new () => Recognition) | undefined {
  const scope = window as unknown as Record<string, (new () => Recognition) | undefined>;
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition;
}

/** True where answers can be read aloud. */
export function canSpeak(): boolean {
  return typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance === 'function';
}

/** Reads a text aloud in a language, stopping whatever was being read. */
export function speak(text: string, lang: string): void {
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  speechSynthesis.speak(utterance);
}

/** Starts dictation in a language: `onText` gets the transcript so far, `onEnd` when listening stops. */
export function listen(lang: string, onText: (text: string) => void, onEnd: () => void): () => void {
  const Constructor = speechRecognition()!;
  const recognition = new Constructor();
  recognition.lang = lang;
  recognition.interimResults = true;
  recognition.onresult = (event) =>
    onText(
      Array.from(event.results)
        .map((result) => result[0]?.transcript ?? '')
        .join(''),
    );
  recognition.onend = onEnd;
  recognition.start();
  return () => recognition.stop();
}
