//! Reading answers with a bound: no server can make the client hold more than a limit.
//!
//! A body is refused up front when its `Content-Length` is over the limit, and while it streams
//! when the bytes read pass it; the rest is never read (the connection is dropped). Error
//! answers are read only up to a small fixed size, enough for their message: the rest is cut.

use bytes::{Bytes, BytesMut};

/// The most of an error answer (and of a login service answer) that is read: 64 KiB.
pub const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// The default limit for a successful answer: 32 MiB.
pub const DEFAULT_BODY_LIMIT: u64 = 32 * 1024 * 1024;

/// Why a body was not read whole.
#[derive(Debug)]
pub enum BodyError {
    /// Over the limit; `declared` is its `Content-Length`, when that was what told.
    TooLarge { declared: Option<u64> },
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// The whole body, or [`BodyError::TooLarge`] as soon as it is known to pass `limit` bytes.
pub async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Bytes, BodyError> {
    let declared = response.content_length();
    if let Some(len) = declared.filter(|len| *len > limit) {
        return Err(BodyError::TooLarge {
            declared: Some(len),
        });
    }
    // Never reserve more than the declared length, the limit, or 64 KiB before bytes arrive.
    let reserve = declared.unwrap_or(0).min(limit).min(ERROR_BODY_LIMIT);
    let mut body = BytesMut::with_capacity(usize::try_from(reserve).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(BodyError::TooLarge { declared });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// At most the first `limit` bytes of the body; what follows is not read. A connection that
/// fails midway gives what was read so far.
pub async fn read_prefix(mut response: reqwest::Response, limit: u64) -> Bytes {
    let mut body = BytesMut::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = usize::try_from(limit.saturating_sub(body.len() as u64)).unwrap_or(usize::MAX);
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() as u64 >= limit {
            break;
        }
    }
    body.freeze()
}
