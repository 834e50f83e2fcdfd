//! The runtime of [`genesys_cloud_chat`](https://docs.rs/genesys-cloud-chat): what every
//! generated SDK shares whatever its spec says (authentication and its grants, regions, the
//! call loop with its retries and bounds, request options and hooks, operations as data, the
//! encoding of parameters and bodies, the sign-in redirect listener, and the models' serde
//! helpers).
//!
//! It is a crate of its own so that it is compiled once: a regenerated SDK rechecks only the
//! code its spec changed. Its public items are re-exported by `genesys-cloud-chat` at the
//! paths its documentation gives; depend on `genesys-cloud-chat` rather than on this crate,
//! whose other items are that crate's and may change with any release of it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![doc(test(attr(deny(warnings))))]

#[doc(hidden)]
pub mod auth;
#[doc(hidden)]
pub mod body;
#[doc(hidden)]
pub mod builder;
#[doc(hidden)]
pub mod connect;
#[doc(hidden)]
pub mod cursor;
#[doc(hidden)]
pub mod de;
#[doc(hidden)]
pub mod encode;
#[doc(hidden)]
pub mod failure;
#[doc(hidden)]
pub mod grant;
#[doc(hidden)]
pub mod history;
#[doc(hidden)]
pub mod loopback;
mod macros;
pub mod nullable;
#[doc(hidden)]
pub mod operation;
#[doc(hidden)]
pub mod options;
#[doc(hidden)]
pub mod query;
#[doc(hidden)]
pub mod region;
#[doc(hidden)]
pub mod request;
#[doc(hidden)]
pub mod retry;
#[doc(hidden)]
pub mod send;
#[doc(hidden)]
pub mod ser;
#[doc(hidden)]
pub mod settings;
#[doc(hidden)]
pub mod text;

pub use auth::{MemoryTokenStore, Secret, TokenStore, Tokens};
pub use cursor::DateCursor;
pub use encode::FilePart;
pub use failure::{ChannelProblem, GaveUp, RetryInfo, StreamProblem, TransportKind};
pub use operation::{ErrorCode, Method, Operation, Permissions};
pub use options::{Hooks, RateLimit, RequestInfo, RequestOptions, Response, ResponseInfo};
pub use region::{Region, UnknownRegion};
pub use retry::RetryPolicy;
