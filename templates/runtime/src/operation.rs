//! Operations as data: what each call does and which permissions it needs.
//!
//! Every API method has a matching [`Operation`] constant in the SDK crate's `operations`
//! table, so an application can audit, before it calls anything, which permissions its calls
//! need.

use std::fmt;

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
            Self::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 9.2.2).
    /// Only idempotent requests are retried after a server or connection failure.
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }

    #[doc(hidden)]
    pub fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Put => reqwest::Method::PUT,
            Self::Post => reqwest::Method::POST,
            Self::Delete => reqwest::Method::DELETE,
            Self::Patch => reqwest::Method::PATCH,
            Self::Head => reqwest::Method::HEAD,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Trace => reqwest::Method::TRACE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The permissions an operation requires (`x-inin-requires-permissions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permissions {
    /// Any one of these permissions is enough.
    Any(&'static [&'static str]),
    /// Every one of these permissions is needed.
    All(&'static [&'static str]),
    /// No permission is needed.
    None,
}

impl Permissions {
    /// The permissions listed, whatever the rule.
    pub const fn list(&self) -> &'static [&'static str] {
        match self {
            Self::Any(list) | Self::All(list) => list,
            Self::None => &[],
        }
    }

    /// Whether a caller holding `granted` may call the operation.
    ///
    /// Genesys Cloud permissions are `domain:entity:action`; a granted `*` in any part matches
    /// every value there (`chat:*:*` covers `chat:room:view`).
    pub fn is_satisfied_by(&self, granted: &[&str]) -> bool {
        let held = |needed: &&str| granted.iter().any(|g| permission_matches(g, needed));
        match self {
            Self::Any(list) => list.iter().any(held),
            Self::All(list) => list.iter().all(held),
            Self::None => true,
        }
    }
}

fn permission_matches(granted: &str, needed: &str) -> bool {
    let mut g = granted.split(':');
    let mut n = needed.split(':');
    loop {
        match (g.next(), n.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
        }
    }
}

impl fmt::Display for Permissions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any(list) => write!(f, "any of {}", list.join(", ")),
            Self::All(list) => write!(f, "all of {}", list.join(", ")),
            Self::None => f.write_str("no permission"),
        }
    }
}

/// An error an operation documents: the `code` an error body can carry, with the status of the
/// response it comes with (`x-inin-error-codes`). Match an API error against one with
/// `ApiError::is`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorCode {
    /// The HTTP status; `None` when the spec lists the code under `default` or a range.
    pub status: Option<u16>,
    /// The code in the error body: `chat.error.room.not.found`.
    pub code: &'static str,
    /// What it means, as the spec words it (`%s` stands for a value the server fills in).
    pub message: &'static str,
}

/// The fields of an [`ErrorCode`], for the SDK crate's tables: the type is `#[non_exhaustive]`,
/// so another crate cannot write it as a literal.
#[doc(hidden)]
pub struct ErrorCodeParts {
    pub status: Option<u16>,
    pub code: &'static str,
    pub message: &'static str,
}

impl ErrorCode {
    #[doc(hidden)]
    pub const fn new(parts: ErrorCodeParts) -> Self {
        let ErrorCodeParts {
            status,
            code,
            message,
        } = parts;
        Self {
            status,
            code,
            message,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "{} ({status}): {}", self.code, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

/// One operation of the API, as the spec describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// The spec's `operationId`: `getChatsRoomMessages`.
    pub id: &'static str,
    /// The spec's tag: `Chat`.
    pub tag: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template: `/api/v2/chats/rooms/{roomJid}/messages`.
    pub path: &'static str,
    /// The permissions the caller needs.
    pub permissions: Permissions,
    /// The error codes the spec documents for it (`x-inin-error-codes`), in spec order.
    pub error_codes: &'static [ErrorCode],
    /// A preview operation may change at any time without notice.
    pub preview: bool,
    /// A deprecated operation may be removed.
    pub deprecated: bool,
}

/// The fields of an [`Operation`], for the SDK crate's operation table: the type is
/// `#[non_exhaustive]`, so another crate cannot write it as a literal.
#[doc(hidden)]
pub struct OperationParts {
    pub id: &'static str,
    pub tag: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub permissions: Permissions,
    pub error_codes: &'static [ErrorCode],
    pub preview: bool,
    pub deprecated: bool,
}

impl Operation {
    #[doc(hidden)]
    pub const fn new(parts: OperationParts) -> Self {
        let OperationParts {
            id,
            tag,
            method,
            path,
            permissions,
            error_codes,
            preview,
            deprecated,
        } = parts;
        Self {
            id,
            tag,
            method,
            path,
            permissions,
            error_codes,
            preview,
            deprecated,
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.id, self.method, self.path)
    }
}

/// The error `operation` documents for the `code` of an answer of `status`: the one listed
/// with that status, else the one listed without a status (the SDK crate's
/// `ApiError::documented`).
pub fn documented(
    operation: &'static Operation,
    code: &str,
    status: u16,
) -> Option<&'static ErrorCode> {
    let listed = || operation.error_codes.iter().filter(move |e| e.code == code);
    listed()
        .find(|e| e.status == Some(status))
        .or_else(|| listed().find(|e| e.status.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_parts() {
        assert!(permission_matches("chat:*:*", "chat:room:view"));
        assert!(permission_matches("chat:room:view", "chat:room:view"));
        assert!(!permission_matches("chat:room", "chat:room:view"));
        assert!(!permission_matches("chat:room:edit", "chat:room:view"));
    }

    #[test]
    fn any_all_and_none() {
        const ANY: Permissions = Permissions::Any(&["a:b:c", "d:e:f"]);
        const ALL: Permissions = Permissions::All(&["a:b:c", "d:e:f"]);
        assert!(ANY.is_satisfied_by(&["d:e:f"]));
        assert!(!ALL.is_satisfied_by(&["d:e:f"]));
        assert!(ALL.is_satisfied_by(&["a:*:*", "d:e:f"]));
        assert!(Permissions::None.is_satisfied_by(&[]));
    }
}
