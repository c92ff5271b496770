//! Cross-provider tests of the userapi clients; they live in the `userapi` test target (`main.rs`).
