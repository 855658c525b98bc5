/**
 * The escapes qovery-deploy applies to text it emits (GitHub workflow commands, `$GITHUB_OUTPUT`,
 * Markdown table cells): here, below both the reports that use them and the redactor, which must
 * recognise a secret in every form these give it.
 */

/** Escapes a workflow-command message as actions/toolkit does (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (`%`, CR, LF, `:` and `,`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A `$GITHUB_OUTPUT` value: kept on one line. */
export function outputValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** Escapes text for a Markdown table cell: no HTML, no column breaks, newlines as <br>. */
export function tableCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/**
 * Text for a comment anyone may read on GitHub, where `@name` notifies a person or a team and
 * `#123` (or `owner/repo#123`) links back from another issue: a zero-width space after `@` or `#`
 * keeps the text as it reads and makes neither. A pull request's own manifest (its file names, git
 * branch names) must not make our comment ping people. Links are left whole (GitHub mentions no
 * one inside a URL, and a space in one would break it).
 */
export function withoutMentions(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>()|`]+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/@(?=[\w-])/g, '@\u200B').replace(/#(?=\d)/g, '#\u200B')))
    .join('');
}
