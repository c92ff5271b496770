// An open enum is `#[non_exhaustive]`: a value the spec adds later is a new variant, so a
// `match` needs a `_` arm.
use userapi::kratos::types::IdentityState;

fn describe(state: &IdentityState) -> &'static str {
    match state {
        IdentityState::Active => "active",
        IdentityState::Inactive => "inactive",
        IdentityState::Unknown(_) => "unknown",
    }
}

fn main() {
    let _ = describe(&IdentityState::Active);
}
