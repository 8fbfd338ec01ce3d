//! Files on messages: stored in the database under a server-chosen token,
//! uploaded before the message and linked to it in the transaction that adds
//! it, read back with what decides who may download them.

use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::attachment::AttachmentView;
use crate::domain::{CaseId, EntryId, UserId};

/// A stored file with what decides who may have it.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub view: AttachmentView,
    /// The case whose people may download it (the message's case once linked).
    pub case_id: CaseId,
    /// Whether it is on a message yet; before that only its uploader may see it.
    pub linked: bool,
    pub uploaded_by: Option<UserId>,
    pub data: Vec<u8>,
}

/// A new token: 128 random bits in hex, the only name a file is served under.
fn new_token() -> String {
    use rand::Rng;
    let bits: u128 = rand::thread_rng().gen();
    format!("{bits:032x}")
}

/// Whether `s` has the shape of a token (so nothing else reaches a query).
pub fn is_token(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Links the uploads `$tokens` (made by `$author` on `$case`, not yet on a
/// message) to entry `$entry` on `$c`; a token that is not such an upload
/// fails the write with a field error. Evaluates to the entry's files.
macro_rules! link_attachments_on {
    ($c:expr, $entry:expr, $case:expr, $author:expr, $tokens:expr) => {{
        let entry: $crate::domain::EntryId = $entry;
        let tokens: &[String] = $tokens;
        for token in tokens {
            let linked = sqlx::query(
                "UPDATE attachments SET entry_id = $1 WHERE token = $2 AND case_id = $3 \
                 AND uploaded_by IS NOT DISTINCT FROM $4 AND entry_id IS NULL",
            )
            .bind(entry.0)
            .bind(token)
            .bind($case.0)
            .bind($author.map(|u: $crate::domain::UserId| u.0))
            .execute(&mut *$c)
            .await?
            .rows_affected();
            if linked != 1 {
                return Err($crate::storage::attachments::missing_file());
            }
        }
        $crate::storage::attachments::entry_files_on!($c, entry)
    }};
}
pub(crate) use link_attachments_on;

/// A message named a file that is not the sender's upload to this case, or was sent already.
pub(crate) fn missing_file() -> StorageError {
    StorageError::Field {
        field: "attachments",
        reason: "An attachment is missing or already sent: attach the file again.".into(),
    }
}

/// The files of entry `$entry`, read on `$c`.
macro_rules! entry_files_on {
    ($c:expr, $entry:expr) => {{
        let entry: $crate::domain::EntryId = $entry;
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT token, filename, content_type, size FROM attachments WHERE entry_id = $1 ORDER BY id",
        )
        .bind(entry.0)
        .fetch_all(&mut *$c)
        .await?;
        rows.into_iter()
            .map(|(token, filename, content_type, size)| {
                $crate::domain::attachment::AttachmentView { token, filename, content_type, size }
            })
            .collect::<Vec<_>>()
    }};
}
pub(crate) use entry_files_on;

impl Storage {
    /// Stores an upload on `case` by `by`; `content_type` and `filename` were
    /// checked and cleaned by the caller ([`crate::domain::attachment`]).
    #[tracing::instrument(skip(self, data), fields(size = data.len()), err)]
    pub async fn save_attachment(
        &self,
        case: CaseId,
        by: UserId,
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> StorageResult<AttachmentView> {
        let token = new_token();
        let size = data.len() as i64;
        write!(self, p => sqlx::query(
            "INSERT INTO attachments (token, case_id, entry_id, filename, content_type, size, data, uploaded_by, created_at) \
             VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)")
            .bind(&token).bind(case.0).bind(filename).bind(content_type).bind(size).bind(data)
            .bind(by.0).bind(self.now()).execute(p).await.map(|_| ()))?;
        Ok(AttachmentView {
            token,
            filename: filename.to_owned(),
            content_type: content_type.to_owned(),
            size,
        })
    }

    /// The file stored under `token`, if any.
    pub async fn attachment(&self, token: &str) -> StorageResult<Option<StoredFile>> {
        type Row = (i64, bool, Option<i64>, String, String, i64, Vec<u8>);
        let row: Option<Row> = read!(self, p => sqlx::query_as(
            "SELECT COALESCE(e.case_id, a.case_id), a.entry_id IS NOT NULL, a.uploaded_by, a.filename, \
             a.content_type, a.size, a.data FROM attachments a LEFT JOIN timeline_entries e ON e.id = a.entry_id \
             WHERE a.token = $1")
            .bind(token).fetch_optional(p).await)?;
        Ok(row.map(
            |(case_id, linked, uploaded_by, filename, content_type, size, data)| StoredFile {
                view: AttachmentView {
                    token: token.to_owned(),
                    filename,
                    content_type,
                    size,
                },
                case_id: CaseId(case_id),
                linked,
                uploaded_by: uploaded_by.map(UserId),
                data,
            },
        ))
    }

    /// The files of the entries of a case, by entry.
    pub async fn case_files(&self, case: CaseId) -> StorageResult<Vec<(EntryId, AttachmentView)>> {
        let rows: Vec<(i64, String, String, String, i64)> = read!(self, p => sqlx::query_as(
            "SELECT a.entry_id, a.token, a.filename, a.content_type, a.size FROM attachments a \
             JOIN timeline_entries e ON e.id = a.entry_id WHERE e.case_id = $1 ORDER BY a.id")
            .bind(case.0).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(entry, token, filename, content_type, size)| {
                (
                    EntryId(entry),
                    AttachmentView {
                        token,
                        filename,
                        content_type,
                        size,
                    },
                )
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_lower_hex_digits_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
        assert!(!is_token("../etc/passwd"));
        assert!(!is_token(&a.to_uppercase()));
        assert!(!is_token(&a[1..]));
    }
}
