/**
 * A stage that must not write to real people (staging, by default) sends each letter to its test mailbox instead:
 * the same letter, headed with whom it was written for, and marked in its subject. Pure.
 */
import { escapeHtml } from '../html';
import type { Letter } from './letters';

/**
 * The letter as the test mailbox receives it: addressed to the mailbox, saying whom it was for and that they were not
 * sent it.
 */
export function redirectedLetter(letter: Letter, mailbox: string, stage: string): Letter {
  const note = `Test copy (${stage}): this letter was written for ${letter.to.name} <${letter.to.email}>, the ${letter.role} of URN ${letter.urn}. The ${stage} stage sends every letter to its test mailbox instead, so nothing was sent to them.`;
  return {
    ...letter,
    to: { name: `Test mailbox (${stage})`, email: mailbox },
    subject: `[${stage}: for the ${letter.role}] ${letter.subject}`,
    text: `${note}\n\n${letter.text}`,
    html: letter.html.replace(
      /<body[^>]*>/,
      (body) =>
        `${body}\n<p style="border: 2px solid #d4351c; padding: 0.5em; font-weight: bold">${escapeHtml(note)}</p>`,
    ),
  };
}
