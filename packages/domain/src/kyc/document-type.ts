import { createHash } from 'node:crypto';

/** The identity documents the KYC form takes: at most 5 MB, PDF, JPEG or PNG. */
export const KYC_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

export const KYC_DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type KycDocumentType = (typeof KYC_DOCUMENT_TYPES)[number];

// Three formats, each recognised by its first bytes: what the file is, not
// what its name or the browser's declared type say (an HTML page renamed
// .pdf and sent as application/pdf is refused).
const SIGNATURES: [KycDocumentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The document's type by its magic bytes, or undefined when it is none of the allowed ones. */
export function sniffDocumentType(content: Buffer): KycDocumentType | undefined {
  return SIGNATURES.find(([, magic]) => magic.every((byte, i) => content[i] === byte))?.[0];
}

/** An uploaded file, as the HTTP layer hands it over. */
export interface UploadedFile {
  content: Buffer;
  fileName: string;
}

/** A document the store keeps: checked content and what operators see of it. */
export interface KycDocument {
  content: Buffer;
  contentType: KycDocumentType;
  byteSize: number;
  sha256: string;
  fileName: string;
}

/** The message for a file the form cannot take, or the document to keep. */
export function checkDocument(
  file: UploadedFile | undefined,
): { error: string } | { document: KycDocument } {
  if (!file || file.content.length === 0) {
    return { error: 'attach an identity document (PDF, JPEG or PNG, at most 5 MB)' };
  }
  if (file.content.length > KYC_DOCUMENT_MAX_BYTES) {
    return { error: 'the document is larger than 5 MB; attach a smaller scan' };
  }
  const contentType = sniffDocumentType(file.content);
  if (!contentType) {
    return { error: 'the document must be a PDF, JPEG or PNG file' };
  }
  return {
    document: {
      content: file.content,
      contentType,
      byteSize: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      fileName: safeFileName(file.fileName),
    },
  };
}

/** The name without any path, control characters or excess length; kept for operators only. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 255);
  return clean || 'document';
}
