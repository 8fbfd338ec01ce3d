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
