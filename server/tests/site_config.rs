//! `Leptos.toml` (read by the binary at run time) and `[[workspace.metadata.leptos]]`
//! (read by cargo-leptos at build time) must never disagree.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn every_setting_in_leptos_toml_matches_the_cargo_metadata() {
    let cargo: toml::Value = std::fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let site: toml::Value = std::fs::read_to_string(root().join("Leptos.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let meta = &cargo["workspace"]["metadata"]["leptos"][0];
    let site = site.as_table().unwrap();
    for key in [
        "output-name",
        "site-root",
        "site-pkg-dir",
        "site-addr",
        "reload-port",
        "env",
    ] {
        assert!(site.contains_key(key), "Leptos.toml lacks {key}");
    }
    // `env` is read only at run time; cargo-leptos ignores it in the metadata.
    for (key, value) in site.iter().filter(|(k, _)| k.as_str() != "env") {
        assert_eq!(
            meta.get(key),
            Some(value),
            "{key} differs between Leptos.toml and Cargo.toml"
        );
    }
    assert!(
        meta.get("env").is_none(),
        "cargo-leptos does not read env from the metadata; keep it in Leptos.toml only"
    );
}

#[test]
fn the_binary_reads_leptos_toml_into_its_options() {
    let opts = server::site::load(&root().join("Leptos.toml")).unwrap();
    assert_eq!(&*opts.output_name, "switchboard");
    assert_eq!(&*opts.site_root, "target/site");
    assert_eq!(&*opts.site_pkg_dir, "pkg");
    assert_eq!(opts.site_addr.to_string(), "127.0.0.1:3000");
    assert!(server::site::load(Path::new("/no/such/Leptos.toml")).is_err());
}

mod common;

use std::io::Read;

/// The site's files (bundles) go out brotli- or gzip-compressed as the browser
/// accepts, decompress to exactly the file, and plainly to a client that
/// accepts neither.
#[tokio::test]
async fn site_files_are_compressed_for_browsers_that_accept_it() {
    let s = common::TestServer::start("sqlite").await;
    let dir = std::env::temp_dir().join(format!("switchboard-site-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let js: String = (0..4000)
        .map(|i| format!("export const value{i} = \"{}\";\n", i * 7919 % 1000))
        .collect();
    std::fs::write(dir.join("pkg/app.js"), &js).unwrap();
    let mut options = common::leptos_options();
    options.site_root = dir.to_string_lossy().as_ref().into();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve(
        listener,
        server::router(s.state.clone(), options),
        std::future::pending(),
    ));
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/pkg/app.js");
    let get = |encoding: Option<&'static str>| {
        let mut r = http.get(&url);
        if let Some(e) = encoding {
            r = r.header("accept-encoding", e);
        }
        r.send()
    };

    let r = get(Some("gzip, deflate, br")).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "br");
    let body = r.bytes().await.unwrap();
    assert!(body.len() * 4 < js.len(), "{} of {}", body.len(), js.len());
    let mut out = String::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, js);

    let r = get(Some("gzip")).await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let body = r.bytes().await.unwrap();
    let mut out = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, js);

    let r = get(None).await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.text().await.unwrap(), js);
    let _ = std::fs::remove_dir_all(&dir);
}
