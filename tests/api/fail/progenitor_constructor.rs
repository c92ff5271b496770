// progenitor's `new_with_client` skipped the base URL check and the runtime's client settings;
// it is not generated.
use userapi::kratos::Client;

fn main() {
    let runtime = Client::runtime_builder().build();
    let _ = Client::new_with_client("http://127.0.0.1:4434", reqwest::Client::new(), runtime);
}
