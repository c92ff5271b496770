//! Cross-provider tests of the userapi clients; they live in the `userapi` test target (`main.rs`).

/// A generated model from its builder (`types::Foo::builder()...`): the models are
/// `#[non_exhaustive]`, so tests build them as users must. Panics naming the missing field.
#[allow(clippy::panic)] // a test helper: an incomplete model is a broken test
pub fn build<T, B>(builder: B) -> T
where
    B: TryInto<T>,
    B::Error: std::fmt::Display,
{
    match builder.try_into() {
        Ok(model) => model,
        Err(e) => panic!("incomplete model: {e}"),
    }
}
