import type { Branding } from '@referral/domain';

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** A UTC instant as people read it: `2026-03-21 09:26 UTC`. */
export const dateTime = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** A definition list of label → value; rows without a value are left out. */
export function details(rows: [label: string, value: string | null][]): Html {
  return html`<dl>
    ${rows
      .filter(([, value]) => value !== null)
      .map(
        ([label, value]) =>
          html`<dt>${label}</dt>
            <dd>${value}</dd>`,
      )}
  </dl>`;
}

const DEFAULT_PRIMARY = '#1f3a5f';

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textColourOn(hex: string): '#000000' | '#ffffff' {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05).
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

export interface PageFrame {
  title: string;
  partnerName: string;
  branding: Branding;
  body: Html;
}

/**
 * The white-label frame of every hosted page: the partner's logo, name and
 * colours; no script anywhere, so the page works with JavaScript off.
 */
export function page({ title, partnerName, branding, body }: PageFrame): string {
  const primary = branding.primaryColor ?? DEFAULT_PRIMARY;
  const accent = branding.accentColor ?? primary;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${partnerName}</title>
        <style>
          :root {
            --primary: ${primary};
            --on-primary: ${textColourOn(primary)};
            --accent: ${accent};
            --on-accent: ${textColourOn(accent)};
          }
          body {
            margin: 0;
            font:
              16px/1.5 system-ui,
              sans-serif;
            color: #1a1a1a;
            background: #f6f7f9;
          }
          header {
            background: var(--primary);
            color: var(--on-primary);
            padding: 1rem 1.5rem;
            display: flex;
            align-items: center;
            gap: 1rem;
          }
          header img {
            max-height: 40px;
            max-width: 160px;
            background: #fff;
            border-radius: 4px;
            padding: 2px;
          }
          header p {
            margin: 0;
            font-weight: 600;
          }
          main {
            max-width: 40rem;
            margin: 2rem auto;
            background: #fff;
            padding: 1.5rem 2rem;
            border-radius: 8px;
            box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12);
          }
          h1 {
            font-size: 1.5rem;
            margin-top: 0;
          }
          dl {
            display: grid;
            grid-template-columns: max-content 1fr;
            gap: 0.25rem 1rem;
          }
          dt {
            font-weight: 600;
          }
          dd {
            margin: 0;
          }
          fieldset {
            border: 1px solid #c4c8cf;
            border-radius: 6px;
            padding: 1rem;
          }
          label {
            display: block;
            margin: 0.75rem 0 0.25rem;
          }
          .check label {
            display: inline;
            margin-left: 0.5rem;
          }
          input[type='text'],
          input[type='email'],
          input[type='date'],
          input[type='file'],
          select {
            width: 100%;
            box-sizing: border-box;
            font: inherit;
            padding: 0.5rem;
            border: 1px solid #6b7280;
            border-radius: 4px;
          }
          input[aria-invalid='true'] {
            border: 2px solid #b00020;
          }
          .hint {
            color: #4b5563;
            font-size: 0.9rem;
          }
          .error {
            color: #b00020;
            font-weight: 600;
          }
          .error-summary {
            border: 2px solid #b00020;
            padding: 0.75rem 1rem;
            border-radius: 6px;
            margin-bottom: 1rem;
          }
          .actions {
            display: flex;
            gap: 1rem;
            margin-top: 1.5rem;
            flex-wrap: wrap;
          }
          button {
            font: inherit;
            padding: 0.6rem 1.2rem;
            border-radius: 6px;
            border: 2px solid var(--accent);
            cursor: pointer;
          }
          button.primary {
            background: var(--accent);
            color: var(--on-accent);
          }
          button.secondary {
            background: #fff;
            color: #1a1a1a;
            border-color: #6b7280;
          }
          table {
            width: 100%;
            border-collapse: collapse;
            margin-bottom: 1rem;
          }
          th,
          td {
            text-align: left;
            padding: 0.4rem 0.5rem 0.4rem 0;
            border-bottom: 1px solid #e5e7eb;
            overflow-wrap: anywhere;
          }
          td button {
            padding: 0.3rem 0.8rem;
          }
          .visually-hidden {
            position: absolute;
            width: 1px;
            height: 1px;
            overflow: hidden;
            clip-path: inset(50%);
            white-space: nowrap;
          }
          :focus-visible {
            outline: 3px solid #ffbf47;
            outline-offset: 2px;
          }
        </style>
      </head>
      <body>
        <header>
          ${branding.logoUrl ? html`<img src="${branding.logoUrl}" alt="${partnerName} logo" />` : ''}
          <p>${partnerName}</p>
        </header>
        <main>${body}</main>
      </body>
    </html> `.value;
}
