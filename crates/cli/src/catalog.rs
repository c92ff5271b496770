//! What the generated modules say about each operation: names, help, examples and the canned
//! answers of `--mock`. Plain data, so commands, completions, the mock server and the tests all
//! read one table.

/// One provider's commands.
#[derive(Debug)]
#[non_exhaustive]
pub struct Provider {
    /// The subcommand (`kratos`), also the spec's file name.
    pub name: &'static str,
    /// The spec's `info.title`.
    pub title: &'static str,
    /// Every operation, in spec order.
    pub operations: &'static [Operation],
}

/// One operation: a subcommand of its provider.
#[derive(Debug)]
#[non_exhaustive]
pub struct Operation {
    /// The Rust name (`list_identities`), as in errors and the library.
    pub id: &'static str,
    /// The subcommand (`list-identities`).
    pub name: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template of the spec (`/admin/identities/{id}`).
    pub path: &'static str,
    /// The spec's summary.
    pub summary: &'static str,
    /// The spec's description.
    pub description: &'static str,
    /// Its parameters, each a flag.
    pub params: &'static [Param],
    /// Its request body, read from `--body FILE|-`.
    pub body: Option<Body>,
    /// What `--mock` answers with.
    pub answer: Option<Answer>,
    /// The pages `--mock` serves to a paged operation (JSON texts); empty when it does not page.
    pub pages: &'static [&'static str],
    /// The property of a page that holds its items; empty when the page is the array.
    pub page_items: &'static str,
    /// The item fields a table shows (`x-userapi-columns`: dotted paths such as
    /// `traits.email`); empty: the fields the items have.
    pub columns: &'static [&'static str],
    /// An invocation with every required flag (`{provider}` stands for the provider's name).
    pub example: &'static str,
}

impl Operation {
    /// Whether `--all` streams every page of it.
    pub fn paged(&self) -> bool {
        !self.pages.is_empty()
    }
}

/// Where a parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A segment of the path.
    Path,
    /// A query parameter (repeated for an array).
    Query,
    /// A request header.
    Header,
}

/// One parameter: a `--flag`.
#[derive(Debug)]
#[non_exhaustive]
pub struct Param {
    /// The flag without `--` (`page-size`).
    pub flag: &'static str,
    /// The name on the wire (`page_size`, `X-Ping-External-Session-ID`).
    pub wire: &'static str,
    /// Where it goes.
    pub location: Location,
    /// Whether the operation needs it.
    pub required: bool,
    /// An array: the flag repeats, each occurrence one item.
    pub many: bool,
    /// The spec's description.
    pub help: &'static str,
    /// A value the spec accepts (one per occurrence).
    pub example: &'static [&'static str],
}

/// A request body.
#[derive(Debug)]
#[non_exhaustive]
pub struct Body {
    /// Whether the operation needs it.
    pub required: bool,
    /// The Rust type it decodes into (`types::CreateIdentityBody`).
    pub type_name: &'static str,
    /// How it is sent (`application/json`, `application/x-www-form-urlencoded`); `--body` is
    /// JSON either way.
    pub media_type: &'static str,
    /// The spec's description.
    pub help: &'static str,
    /// A JSON body the spec accepts.
    pub example: &'static str,
}

/// A canned success answer.
#[derive(Debug)]
#[non_exhaustive]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// JSON text; empty for a body-less answer.
    pub body: &'static str,
}

/// Every provider, sorted by name.
pub fn providers() -> &'static [&'static Provider] {
    crate::generated::PROVIDERS
}

/// The provider named `name`.
pub fn provider(name: &str) -> Option<&'static Provider> {
    providers().iter().copied().find(|p| p.name == name)
}

impl Provider {
    /// The operation whose subcommand is `name`.
    pub fn operation(&'static self, name: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|o| o.name == name)
    }
}
