import { html } from './html';

/** A token we did not issue: no partner to brand the page with. */
export function invalidLinkPage(): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Link not valid</title>
      </head>
      <body
        style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem;"
      >
        <main>
          <h1>This link is not valid</h1>
          <p>Check that you copied the whole link, or ask whoever sent it for a new one.</p>
        </main>
      </body>
    </html> `.value;
}
