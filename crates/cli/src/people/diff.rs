//! `userapi people diff --from A --against B`: the people of A (active ones) that B lacks or
//! holds inactive, printed as the library's stream yields them.

use super::rows;
use crate::failure::Failure;
use futures_util::{Stream, StreamExt as _};
use serde_json::Value;
use userapi_people::Directory;
use userapi_people::diff::{Against, Gap};

/// The columns of a gap row.
pub const COLUMNS: [&str; 6] = ["provider", "id", "email", "name", "state", "against"];

/// The gaps between `from` and `against` as rows, as they are found.
pub async fn gaps<'a>(
    from: &'a Directory,
    against: &'a Directory,
) -> impl Stream<Item = Result<Value, Failure>> + 'a {
    let other = against.provider();
    userapi_people::diff::missing_or_inactive(from, against)
        .await
        .map(move |gap| {
            gap.map(|gap| row(&gap, other.as_str()))
                .map_err(|e| Failure::partial(format!("diff stopped: {e}")))
        })
}

fn row(gap: &Gap, other: &str) -> Value {
    let mut row = rows::person(&gap.person);
    let found = match &gap.against {
        Against::Absent => format!("absent from {other}"),
        Against::Inactive(state) => format!("{} in {other}", state.as_str()),
        _ => format!("not active in {other}"),
    };
    row["against"] = Value::String(found);
    row
}
