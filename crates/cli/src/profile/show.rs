//! `userapi config show`: the profile file as the CLI reads it, with each secret shown as its
//! source (the variable or the command), never its value; no source is read here.

use super::source::quoted;
use super::{Config, Profile, Value};
use std::io::{self, Write};

/// Writes the profiles of `config` (only `only` when given) to `out`, marking `active`.
pub fn show(
    config: &Config,
    only: Option<&str>,
    active: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let found = if config.found { "" } else { " (not found)" };
    writeln!(out, "# profile file: {}{found}", config.path.display())?;
    match active {
        Some(name) => writeln!(out, "# active profile: {name}")?,
        None => writeln!(out, "# active profile: none")?,
    }
    for profile in config
        .profiles
        .iter()
        .filter(|p| only.is_none_or(|name| p.name == name))
    {
        writeln!(out)?;
        section(profile, out)?;
    }
    Ok(())
}

fn section(profile: &Profile, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "[profiles.{}.{}]", profile.name, profile.provider)?;
    for (key, value) in &profile.settings {
        let text = match value {
            Value::Plain(text) if key.ends_with("url") => quoted(&without_userinfo(text)),
            Value::Plain(text) => quoted(text),
            Value::From(source) => source.as_toml(),
        };
        writeln!(out, "{key} = {text}")?;
    }
    if let Some(output) = &profile.output {
        writeln!(out, "output = {}", quoted(output))?;
    }
    Ok(())
}

/// A URL with any user and password masked: the one place a secret may hide in a plain value.
fn without_userinfo(text: &str) -> String {
    match reqwest::Url::parse(text) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_password(None);
            let _ = url.set_username("***");
            url.to_string()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::source::Source;
    use std::path::PathBuf;

    #[test]
    fn secrets_show_as_their_source_and_urls_without_userinfo() {
        let profile = Profile {
            name: "staging".into(),
            provider: "kratos".into(),
            settings: vec![
                (
                    "base_url".into(),
                    Value::Plain("https://me:s3cr3t@h.example/x".into()),
                ),
                ("retries".into(), Value::Plain("3".into())),
                ("api_key".into(), Value::From(Source::Env("KEY".into()))),
                (
                    "client_secret".into(),
                    Value::From(Source::Argv(vec!["pass".into(), "show".into()])),
                ),
            ],
            output: Some("table".into()),
        };
        let config = Config {
            path: PathBuf::from("/home/me/.config/userapi/config.toml"),
            found: true,
            profiles: vec![profile],
            warnings: Vec::new(),
        };
        let mut out = Vec::new();
        let shown = show(&config, None, Some("staging"), &mut out).map(|()| out);
        let text = String::from_utf8(shown.unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            "# profile file: /home/me/.config/userapi/config.toml\n\
             # active profile: staging\n\n\
             [profiles.staging.kratos]\n\
             base_url = \"https://***@h.example/x\"\n\
             retries = \"3\"\n\
             api_key = { env = \"KEY\" }\n\
             client_secret = { command = [\"pass\", \"show\"] }\n\
             output = \"table\"\n"
        );
    }
}
