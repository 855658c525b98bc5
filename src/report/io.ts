/** Somewhere text goes: a terminal, a pipe, a test buffer. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /**
   * The redactor this sink applies (set by redactingSink). Code that reshapes text before writing
   * it (wraps it to the terminal width, cuts it) must redact first: a token split across lines or
   * cut in half is no longer recognised at the sink.
   */
  redact?: (text: string) => string;
}

/** Wraps a sink so every byte written passes through the redactor first. */
export function redactingSink(sink: TextSink, redact: (text: string) => string): TextSink {
  return {
    write: (text: string) => sink.write(redact(text)),
    redact,
    get isTTY() {
      return sink.isTTY;
    },
    get columns() {
      return sink.columns;
    },
  };
}
