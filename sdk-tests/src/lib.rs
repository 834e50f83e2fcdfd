//! Tests of the generated `genesys-cloud-chat` crate live in `tests/`; this crate has no code.
