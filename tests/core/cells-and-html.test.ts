import { describe, expect, it } from 'vitest';
import { oneOfCell, optionalText } from '../../functions/core/cells';
import { escapeHtml, Html, html } from '../../functions/core/html';

describe('cells of an input sheet', () => {
  it('reads an empty optional text as not given, and keeps any other text as it is', () => {
    expect(optionalText.parse('')).toBeUndefined();
    expect(optionalText.parse(' x ')).toBe(' x ');
  });

  it('matches one of a set of values whatever its case and stray spaces, keeping the canonical value', () => {
    const cell = oneOfCell(['Serious weaknesses', 'Special measures'], { SWK: 'Serious weaknesses' });
    expect(cell.parse('  serious   WEAKNESSES ')).toBe('Serious weaknesses');
    expect(cell.parse('serious\tweaknesses')).toBe('Serious weaknesses');
    expect(cell.parse('swk')).toBe('Serious weaknesses');
    expect(cell.safeParse('seriousweaknesses').error?.issues[0]?.message).toBe(
      'one of Serious weaknesses, Special measures',
    );
  });
});

describe('HTML built from data', () => {
  it('escapes every value, writes nothing for a missing one, and leaves built HTML and lists of it as they are', () => {
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
    expect(html`plain`.value).toBe('plain');
    expect(html`${'<b>'}`.value).toBe('&lt;b&gt;');
    expect(html`<p>${undefined}</p>`.value).toBe('<p></p>');
    expect(html`<ul>${['<x>', new Html('<li>y</li>')]}</ul>`.value).toBe('<ul>&lt;x&gt;<li>y</li></ul>');
    expect(html`a${new Html('<br>')}b${0}`.toString()).toBe('a<br>b0');
  });
});
