//! The hand-written runtime, copied from `templates/sdk/` into every generated crate.
//!
//! The sources are compiled into the generator, so `--out DIR` works from anywhere; editing a
//! template rebuilds the generator, and `cargo xtask codegen` then copies the new text.

/// (path in the crate, path under `templates/sdk/`, contents)
pub const FILES: &[(&str, &str)] = &[
    (
        "src/auth.rs",
        include_str!("../../../../templates/sdk/src/auth.rs"),
    ),
    (
        "src/client.rs",
        include_str!("../../../../templates/sdk/src/client.rs"),
    ),
    (
        "src/error.rs",
        include_str!("../../../../templates/sdk/src/error.rs"),
    ),
    (
        "src/macros.rs",
        include_str!("../../../../templates/sdk/src/macros.rs"),
    ),
    (
        "src/nullable.rs",
        include_str!("../../../../templates/sdk/src/nullable.rs"),
    ),
    (
        "src/operation.rs",
        include_str!("../../../../templates/sdk/src/operation.rs"),
    ),
    (
        "src/pagination.rs",
        include_str!("../../../../templates/sdk/src/pagination.rs"),
    ),
    (
        "src/region.rs",
        include_str!("../../../../templates/sdk/src/region.rs"),
    ),
    (
        "src/request.rs",
        include_str!("../../../../templates/sdk/src/request.rs"),
    ),
    (
        "src/retry.rs",
        include_str!("../../../../templates/sdk/src/retry.rs"),
    ),
    (
        "examples/chat_tour.rs",
        include_str!("../../../../templates/sdk/examples/chat_tour.rs"),
    ),
];
