//! Cross-provider tests live in this package's test targets.
