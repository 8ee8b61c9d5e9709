import type { PoolClient, Queryable } from '@referral/db';
import type { KycDocument, KycDocumentType } from './document-type';

/** What operators see of a stored document: never its content. */
export interface StoredDocumentInfo {
  contentType: KycDocumentType;
  byteSize: number;
  sha256: string;
  fileName: string;
  uploadedAt: string;
}

/**
 * The platform's store of identity documents, keyed by submission. This is
 * the only module that reads or writes `kyc_documents`: no API query joins
 * it, so a document can never leak into a row the API returns. Here it is a
 * Postgres table written in the submission's transaction; in production it
 * would be an object store (swap this file; keep `put` before commit and
 * `remove` after the rows change).
 */
export const documentStore = {
  async put(tx: PoolClient, submissionId: string, doc: KycDocument): Promise<void> {
    await tx.query(
      `INSERT INTO kyc_documents (submission_id, content, content_type, byte_size, sha256, file_name)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [submissionId, doc.content, doc.contentType, doc.byteSize, doc.sha256, doc.fileName],
    );
  },

  async info(db: Queryable, submissionId: string): Promise<StoredDocumentInfo | undefined> {
    const { rows } = await db.query<{
      content_type: KycDocumentType;
      byte_size: number;
      sha256: string;
      file_name: string;
      created_at: Date;
    }>(
      `SELECT content_type, byte_size, sha256, file_name, created_at
       FROM kyc_documents WHERE submission_id = $1`,
      [submissionId],
    );
    const row = rows[0];
    return (
      row && {
        contentType: row.content_type,
        byteSize: row.byte_size,
        sha256: row.sha256,
        fileName: row.file_name,
        uploadedAt: row.created_at.toISOString(),
      }
    );
  },

  async read(
    db: Queryable,
    submissionId: string,
  ): Promise<{ content: Buffer; contentType: KycDocumentType; fileName: string } | undefined> {
    const { rows } = await db.query<{
      content: Buffer;
      content_type: KycDocumentType;
      file_name: string;
    }>(`SELECT content, content_type, file_name FROM kyc_documents WHERE submission_id = $1`, [
      submissionId,
    ]);
    const row = rows[0];
    return row && { content: row.content, contentType: row.content_type, fileName: row.file_name };
  },

  /** Delete the documents of these submissions (data minimisation: rejected, or replaced). */
  async remove(tx: PoolClient, submissionIds: string[]): Promise<void> {
    if (submissionIds.length === 0) return;
    await tx.query(`DELETE FROM kyc_documents WHERE submission_id = ANY($1::text[])`, [
      submissionIds,
    ]);
  },
};
