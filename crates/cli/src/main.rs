//! `userapi`: see `userapi --help`.

fn main() -> std::process::ExitCode {
    userapi_cli::main()
}
