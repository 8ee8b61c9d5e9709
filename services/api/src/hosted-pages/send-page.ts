import express, { type Response } from 'express';
import { FORM_LIMIT_BYTES } from '../http/error-handler';
import { styleNonce } from '../http/security-headers';

/**
 * Sends a page built by `page()`: its one inline <style> gets this response's
 * CSP nonce. Every interpolated value is escaped, so the first `<style>` is
 * always the frame's own.
 */
export function send(res: Response, status: number, body: string): void {
  const withNonce = body.replace('<style>', `<style nonce="${styleNonce(res)}">`);
  res.status(status).type('html').send(withNonce);
}

export const formBody = express.urlencoded({ extended: false, limit: FORM_LIMIT_BYTES });
