import type { Request, Response } from 'express';
import multer from 'multer';
import { KYC_DOCUMENT_MAX_BYTES, type UploadedFile } from '@referral/domain';

/**
 * The KYC form's multipart body, parsed in memory with tight limits: one file
 * of at most 5 MB named `document`, a few short text fields. The file's type
 * is checked later by its content (the domain); here only its size and count.
 */
const upload = multer({
  storage: multer.memoryStorage(),
  // Browsers send a file name's UTF-8 bytes without saying so ("Paß.pdf").
  defParamCharset: 'utf8',
  limits: {
    fileSize: KYC_DOCUMENT_MAX_BYTES,
    files: 1,
    fields: 30,
    fieldSize: 1024,
    fieldNameSize: 64,
    parts: 31,
    headerPairs: 20,
  },
}).single('document');

export type UploadResult =
  | { ok: true; fields: Record<string, unknown>; file: UploadedFile | undefined }
  | {
      ok: false;
      status: 400 | 413;
      field: 'document' | 'form';
      message: string;
      fields: Record<string, unknown>;
    };

const messages: Partial<Record<multer.ErrorCode, [400 | 413, 'document' | 'form', string]>> = {
  LIMIT_FILE_SIZE: [413, 'document', 'the document is larger than 5 MB; attach a smaller scan'],
  LIMIT_FILE_COUNT: [400, 'document', 'attach one document only'],
  LIMIT_UNEXPECTED_FILE: [400, 'document', 'attach one document only, in the document field'],
};

/** Parse the upload; a refused one says why, in words for the form. */
export function parseKycUpload(req: Request, res: Response): Promise<UploadResult> {
  return new Promise((resolve) => {
    upload(req, res, (err: unknown) => {
      const fields = (req.body ?? {}) as Record<string, unknown>;
      if (!err) {
        const file = req.file
          ? { content: req.file.buffer, fileName: req.file.originalname }
          : undefined;
        return resolve({ ok: true, fields, file });
      }
      const known = err instanceof multer.MulterError ? messages[err.code] : undefined;
      const [status, field, message] = known ?? [
        400,
        'form',
        'the form could not be read (incomplete, or too many or too long fields); fill it in and send it again',
      ];
      resolve({ ok: false, status, field, message, fields });
    });
  });
}
