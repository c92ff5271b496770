// `Unknown` holds a value only the runtime makes, so `Unknown("active")` cannot stand beside
// `Active`.
use userapi::kratos::types::IdentityState;

fn main() {
    let _ = IdentityState::Unknown("active".to_string().into());
}
