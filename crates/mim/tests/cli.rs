//! The `mim` binary's subcommands, run as a process: default-config, --config, migrate,
//! user add / list, token create, and serve's refusal of a bad address.

#[path = "common/process.rs"]
mod process;

use process::{Server, mim, mim_env};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

fn os(s: &str) -> &OsStr {
    s.as_ref()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}; stdout: {}; stderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

#[track_caller]
fn assert_fails(o: &Output) {
    assert!(
        !o.status.success(),
        "expected a failure; stdout: {}; stderr: {}",
        stdout(o),
        stderr(o)
    );
}

#[test]
fn default_config_prints_toml_with_the_listen_and_data_keys() {
    let out = mim(&[os("default-config")]);
    assert_ok(&out);
    let text = stdout(&out);
    let table: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("default-config is not TOML ({e}): {text}"));
    let listen = table
        .get("listen")
        .and_then(|v| v.as_str())
        .expect("a listen key");
    assert!(
        listen.parse::<std::net::SocketAddr>().is_ok(),
        "listen is an address: {listen}"
    );
    assert!(
        table.get("data").and_then(|v| v.as_str()).is_some(),
        "a data key: {text}"
    );
}

#[test]
fn the_printed_defaults_are_accepted_as_a_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("mim.toml");
    std::fs::write(&config, stdout(&mim(&[os("default-config")]))).expect("write config");
    let data = dir.path().join("data");
    let out = mim(&[
        os("--config"),
        config.as_os_str(),
        os("migrate"),
        os("--data"),
        data.as_os_str(),
    ]);
    assert_ok(&out);
    assert!(data.join("mim.sqlite3").is_file());
}

#[test]
fn the_config_files_data_key_is_used_and_the_flag_overrides_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let from_file = dir.path().join("from-file");
    let from_flag = dir.path().join("from-flag");
    let config = dir.path().join("mim.toml");
    std::fs::write(
        &config,
        format!("data = {}\n", toml_string(&from_file.to_string_lossy())),
    )
    .expect("write config");

    let out = mim(&[os("--config"), config.as_os_str(), os("migrate")]);
    assert_ok(&out);
    assert!(from_file.join("mim.sqlite3").is_file(), "{}", stdout(&out));

    let out = mim(&[
        os("--config"),
        config.as_os_str(),
        os("migrate"),
        os("--data"),
        from_flag.as_os_str(),
    ]);
    assert_ok(&out);
    assert!(from_flag.join("mim.sqlite3").is_file(), "{}", stdout(&out));
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[test]
fn a_config_file_with_an_unknown_key_is_refused_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("mim.toml");
    std::fs::write(&config, "lisen = \"127.0.0.1:0\"\n").expect("write config");
    let data = dir.path().join("data");
    let out = mim(&[
        os("--config"),
        config.as_os_str(),
        os("serve"),
        os("--listen"),
        os("127.0.0.1:0"),
        os("--data"),
        data.as_os_str(),
    ]);
    assert_fails(&out);
    assert!(stderr(&out).contains("lisen"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("listening"), "{}", stdout(&out));
}

#[test]
fn serve_refuses_a_listen_value_that_is_not_an_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = mim(&[
        os("serve"),
        os("--listen"),
        os("notanaddress"),
        os("--data"),
        dir.path().as_os_str(),
    ]);
    assert_fails(&out);
    let err = stderr(&out);
    assert!(
        err.contains("notanaddress") && err.contains("--listen"),
        "the message names the flag and the value: {err}"
    );
    assert!(!stdout(&out).contains("listening"), "{}", stdout(&out));
}

fn user_add(data: &Path, id: &str, name: &str, roles: &str, password: Option<&str>) -> Output {
    let mut args = vec![
        os("user"),
        os("add"),
        os(id),
        os("--name"),
        os(name),
        os("--roles"),
        os(roles),
        os("--data"),
        data.as_os_str(),
    ];
    let env: Vec<(&str, &str)> = match password {
        Some(p) => vec![("MIM_PASSWORD", p)],
        None => {
            args.push(os("--no-password"));
            vec![]
        }
    };
    mim_env(&args, &env)
}

fn user_list(data: &Path) -> String {
    let out = mim(&[os("user"), os("list"), os("--data"), data.as_os_str()]);
    assert_ok(&out);
    stdout(&out)
}

#[tokio::test]
async fn a_user_added_at_the_command_line_is_listed_and_logs_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let out = user_add(
        &data,
        "kaisa",
        "Kaisa Ylikoski-Åberg",
        "service_desk,it_management",
        Some("salainen-sana"),
    );
    assert_ok(&out);
    assert!(stdout(&out).contains("kaisa"), "{}", stdout(&out));

    let list = user_list(&data);
    let line = list
        .lines()
        .find(|l| l.split_whitespace().next() == Some("kaisa"))
        .unwrap_or_else(|| panic!("kaisa is listed: {list}"));
    assert!(line.contains("Kaisa Ylikoski-Åberg"), "{line}");
    assert!(
        line.contains("service_desk") && line.contains("it_management"),
        "{line}"
    );

    // The same user name can't be added twice.
    let again = user_add(
        &data,
        "kaisa",
        "Toinen",
        "service_desk",
        Some("toinen-salasana"),
    );
    assert_fails(&again);
    assert!(stderr(&again).contains("kaisa"), "{}", stderr(&again));

    let mut server = Server::start(&data, &[], dir.path().join("serve.log"));
    let http = reqwest::Client::new();
    let res = http
        .post(server.url("/api/session"))
        .json(&json!({"username": "kaisa", "password": "salainen-sana"}))
        .send()
        .await
        .expect("login is answered");
    assert_eq!(res.status().as_u16(), 200);
    let me: Value = res.json().await.expect("JSON");
    assert_eq!(me["id"], "kaisa");
    assert_eq!(me["name"], "Kaisa Ylikoski-Åberg");
    let roles: Vec<&str> = me["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        roles.contains(&"service_desk") && roles.contains(&"it_management"),
        "{me}"
    );
    let wrong = http
        .post(server.url("/api/session"))
        .json(&json!({"username": "kaisa", "password": "väärä-sana"}))
        .send()
        .await
        .expect("login is answered");
    assert_eq!(wrong.status().as_u16(), 401);
    let status = server.terminate();
    assert!(status.success(), "{status:?}; stderr: {}", server.stderr());
}

#[test]
fn an_unknown_role_is_refused_naming_it_and_adds_nobody() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = user_add(
        dir.path(),
        "velho",
        "Velho",
        "service_desk,wizard",
        Some("salasana"),
    );
    assert_fails(&out);
    assert!(stderr(&out).contains("wizard"), "{}", stderr(&out));
    let list = user_list(dir.path());
    assert!(!list.contains("velho"), "{list}");
}

#[test]
fn a_user_without_a_password_source_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    // No MIM_PASSWORD and an empty standard input.
    let out = mim(&[
        os("user"),
        os("add"),
        os("tyhja"),
        os("--name"),
        os("Tyhjä"),
        os("--roles"),
        os("service_desk"),
        os("--data"),
        dir.path().as_os_str(),
    ]);
    assert_fails(&out);
    assert!(stderr(&out).contains("MIM_PASSWORD"), "{}", stderr(&out));
    assert!(!user_list(dir.path()).contains("tyhja"));
}

#[tokio::test]
async fn a_token_created_at_the_command_line_authenticates_api_calls() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert_ok(&user_add(
        &data,
        "valvonta",
        "Valvontarobotti",
        "service_desk",
        None,
    ));
    let out = mim(&[
        os("token"),
        os("create"),
        os("valvonta"),
        os("--data"),
        data.as_os_str(),
    ]);
    assert_ok(&out);
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "standard output is the token alone: {printed}"
    );
    let token = lines[0].trim();
    assert!(
        token.len() >= 32 && !token.contains(char::is_whitespace),
        "{token}"
    );

    // The server starts after the token was created, on the same data.
    let mut server = Server::start(&data, &[], dir.path().join("serve.log"));
    let http = reqwest::Client::new();
    let res = http
        .get(server.url("/api/me"))
        .bearer_auth(token)
        .send()
        .await
        .expect("answered");
    assert_eq!(res.status().as_u16(), 200);
    let me: Value = res.json().await.expect("JSON");
    assert_eq!(me["id"], "valvonta");
    assert_eq!(me["name"], "Valvontarobotti");

    let other = http
        .get(server.url("/api/me"))
        .bearer_auth(format!("{token}x"))
        .send()
        .await
        .expect("answered");
    assert_eq!(other.status().as_u16(), 401, "a different token");
    let none = http
        .get(server.url("/api/me"))
        .send()
        .await
        .expect("answered");
    assert_eq!(none.status().as_u16(), 401, "no token");
    let status = server.terminate();
    assert!(status.success(), "{status:?}; stderr: {}", server.stderr());
}

#[test]
fn a_token_for_an_unknown_user_is_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = mim(&[
        os("token"),
        os("create"),
        os("ghost"),
        os("--data"),
        dir.path().as_os_str(),
    ]);
    assert_fails(&out);
    assert_eq!(stdout(&out).trim(), "", "no token is printed");
    let err = stderr(&out).to_lowercase();
    assert!(
        err.contains("ghost")
            && ["not found", "no such", "unknown", "does not exist"]
                .iter()
                .any(|w| err.contains(w)),
        "the message names the missing user: {err}"
    );
}
