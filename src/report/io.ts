/** Somewhere text goes: a terminal, a pipe, a test buffer. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Wraps a sink so every byte written passes through the redactor first. */
export function redactingSink(sink: TextSink, redact: (text: string) => string): TextSink {
  return {
    write: (text: string) => sink.write(redact(text)),
    get isTTY() {
      return sink.isTTY;
    },
    get columns() {
      return sink.columns;
    },
  };
}
