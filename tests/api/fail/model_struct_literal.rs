// A generated model is `#[non_exhaustive]`: built through its builder, never a struct literal.
use userapi::kratos::types;

fn main() {
    let _ = types::CreateRecoveryLinkForIdentityBody {
        expires_in: None,
        identity_id: uuid::Uuid::nil(),
    };
}
